/**
 * onOriginResponse (spec §2.1, §2.3 rule 3, decision 13): changes are applied before caching, so
 * they persist in the cached object and reach onClientResponse.
 */
import { applyHandlerFailure, respondWithResponse, runHandler } from '../run-handler.ts';
import type { Stage } from './stage.ts';

export const originResponse: Stage = {
  name: 'onOriginResponse',
  when: (ex) => ex.handlersEnabled && !ex.final && ex.response?.source === 'origin',
  async run(ex) {
    const response = ex.response;
    if (response === undefined) return;
    const state = { status: response.status, headers: response.headers };
    const result = await runHandler(ex, { name: 'onOriginResponse', state: ex.originRequest ?? ex.request, response: state });
    if (!result.ran) return;
    if (result.failed) return applyHandlerFailure(ex, 'onOriginResponse');
    response.status = state.status;
    if (result.respondWith !== undefined) {
      // The origin body is replaced: release the connection.
      const body = response.body;
      if (body !== null && typeof body === 'object' && 'destroy' in body) body.destroy();
      ex.response = respondWithResponse(result.respondWith);
    }
  },
};
