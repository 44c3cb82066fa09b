/**
 * onOriginResponse (spec §2.1, §2.3 rule 3, decision 13): changes are applied before caching, so
 * they persist in the cached object and reach onClientResponse.
 */
import { discardBody } from '../body.ts';
import { andThen, applyHandlerFailure, respondWithResponse, runHandler } from '../run-handler.ts';
import type { Stage } from './stage.ts';

export const originResponse: Stage = {
  name: 'onOriginResponse',
  when: (ex) => ex.handlersEnabled && !ex.final && ex.response?.source === 'origin',
  run(ex) {
    const response = ex.response;
    if (response === undefined) return;
    const state = { status: response.status, headers: response.headers };
    // §2.3 rule 2: headers as onClientRequest left them; variables shared with the origin side.
    const request = { ...ex.request, variables: (ex.originRequest ?? ex.request).variables };
    return andThen(runHandler(ex, { name: 'onOriginResponse', state: request, response: state }), (result) => {
      if (!result.ran) return;
      if (result.failed) return applyHandlerFailure(ex, 'onOriginResponse');
      response.status = state.status;
      if (result.respondWith !== undefined) {
        // The origin body is replaced: release the connection.
        discardBody(response.body);
        ex.response = respondWithResponse(result.respondWith);
      }
    });
  },
};
