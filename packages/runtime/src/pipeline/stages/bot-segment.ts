/**
 * Bot Manager and onBotSegmentAvailable (decision 19): only with a simulated bot segment; a deny
 * answers 403 without running the handler unless PMUSER_EXECUTE_EW_ON_WAF_DENY is true.
 */
import { botDenyResponse } from '../failure.ts';
import { applyHandlerFailure, respondWithResponse, runHandler } from '../run-handler.ts';
import type { Stage } from './stage.ts';

export const botSegment: Stage = {
  name: 'onBotSegmentAvailable',
  when: (ex) => ex.handlersEnabled && ex.response === undefined && ex.simulation.bot !== undefined,
  async run(ex) {
    const bot = ex.simulation.bot;
    if (bot === undefined) return;
    const start = ex.trace.elapsed();
    const denied = bot.action === 'deny';
    const runOnDeny = ex.request.variables.get('PMUSER_EXECUTE_EW_ON_WAF_DENY') === 'true';
    ex.trace.system('botManager', 'Done', start, `segment=${bot.segment}; action=${bot.action}`);
    if (denied && !runOnDeny) {
      ex.response = botDenyResponse(`weft.${ex.trace.trace.id}`);
      ex.final = true;
      return;
    }
    const result = await runHandler(ex, { name: 'onBotSegmentAvailable', state: ex.request });
    if (result.ran && result.failed) applyHandlerFailure(ex, 'onBotSegmentAvailable');
    else if (result.ran && result.respondWith !== undefined) ex.response = respondWithResponse(result.respondWith);
    if (ex.response === undefined && denied) {
      ex.response = botDenyResponse(`weft.${ex.trace.trace.id}`);
      ex.final = true;
    }
  },
};
