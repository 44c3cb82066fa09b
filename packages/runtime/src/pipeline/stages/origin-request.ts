/**
 * onOriginRequest (spec §2.1, §2.3 rule 2): runs on a copy of the request, so its header changes
 * reach the origin only and later handlers keep the onClientRequest view.
 */
import { cloneRequestState } from '@weft/platform';
import { andThen } from '../eventually.ts';
import { applyHandlerFailure, respondWithResponse, runHandler } from '../run-handler.ts';
import type { Stage } from './stage.ts';

export const originRequest: Stage = {
  name: 'onOriginRequest',
  when: (ex) => ex.response === undefined,
  run(ex) {
    ex.originRequest = cloneRequestState(ex.request);
    if (!ex.handlersEnabled) return;
    return andThen(runHandler(ex, { name: 'onOriginRequest', state: ex.originRequest }), (result) => {
      if (!result.ran) return;
      if (result.failed) {
        applyHandlerFailure(ex, 'onOriginRequest');
        // Continue on error: as if the handler had not run, so its partial changes are dropped.
        if (!ex.final) ex.originRequest = cloneRequestState(ex.request);
      } else if (result.respondWith !== undefined) {
        // §2.3 rule 6: the origin is not contacted.
        ex.response = respondWithResponse(result.respondWith);
      }
    });
  },
};
