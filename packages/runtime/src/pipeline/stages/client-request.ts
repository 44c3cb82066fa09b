/** onClientRequest (spec §2.1): runs on every request before the cache; its changes reach every later stage. */
import { andThen } from '../eventually.ts';
import { applyHandlerFailure, respondWithResponse, runHandler } from '../run-handler.ts';
import type { Stage } from './stage.ts';

export const clientRequest: Stage = {
  name: 'onClientRequest',
  when: (ex) => ex.handlersEnabled,
  run(ex) {
    return andThen(runHandler(ex, { name: 'onClientRequest', state: ex.request }), (result) => {
      if (!result.ran) return;
      if (result.failed) applyHandlerFailure(ex, 'onClientRequest');
      // §2.3 rule 6: respondWith here skips cache, origin, responseProvider and the origin handlers.
      else if (result.respondWith !== undefined) ex.response = respondWithResponse(result.respondWith);
    });
  },
};
