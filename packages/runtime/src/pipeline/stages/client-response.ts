/** onClientResponse (spec §2.1, §2.3 rule 4): changes go to the client only, never to the cache. */
import { runResponseHandler } from '../run-handler.ts';
import type { Stage } from './stage.ts';

export const clientResponse: Stage = {
  name: 'onClientResponse',
  when: (ex) => ex.handlersEnabled && !ex.final && ex.response !== undefined,
  run(ex) {
    const response = ex.response;
    if (response === undefined) return;
    // The cache stored its own copy of the header lines, so changing these is client-only.
    return runResponseHandler(ex, 'onClientResponse', ex.request, response);
  },
};
