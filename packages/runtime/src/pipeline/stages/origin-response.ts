/**
 * onOriginResponse (spec §2.1, §2.3 rule 3, decision 13): changes are applied before caching, so
 * they persist in the cached object and reach onClientResponse.
 */
import { runResponseHandler } from '../run-handler.ts';
import type { Stage } from './stage.ts';

export const originResponse: Stage = {
  name: 'onOriginResponse',
  when: (ex) => ex.handlersEnabled && !ex.final && ex.response?.source === 'origin',
  run(ex) {
    const response = ex.response;
    if (response === undefined) return;
    // §2.3 rule 2: headers as onClientRequest left them; variables shared with the origin side.
    return runResponseHandler(ex, 'onOriginResponse', { ...ex.request, variables: (ex.originRequest ?? ex.request).variables }, response);
  },
};
