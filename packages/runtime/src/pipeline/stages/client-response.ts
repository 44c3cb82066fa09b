/** onClientResponse (spec §2.1, §2.3 rule 4): changes go to the client only, never to the cache. */
import { discardBody } from '../body.ts';
import { andThen, applyHandlerFailure, respondWithResponse, runHandler } from '../run-handler.ts';
import type { Stage } from './stage.ts';

export const clientResponse: Stage = {
  name: 'onClientResponse',
  when: (ex) => ex.handlersEnabled && !ex.final && ex.response !== undefined,
  run(ex) {
    const response = ex.response;
    if (response === undefined) return;
    // The cache stored its own copy of the header lines, so changing these is client-only.
    const state = { status: response.status, headers: response.headers };
    return andThen(runHandler(ex, { name: 'onClientResponse', state: ex.request, response: state }), (result) => {
      if (!result.ran) return;
      if (result.failed) return applyHandlerFailure(ex, 'onClientResponse');
      response.status = state.status;
      if (result.respondWith !== undefined) {
        discardBody(response.body);
        ex.response = respondWithResponse(result.respondWith);
      }
    });
  },
};
