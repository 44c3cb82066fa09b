/** request.botScore of onBotSegmentAvailable (spec §8), from the request's simulated segment. */
import { createBotScore } from './botScore.ts';
import { getter, memo } from './internals.ts';

export const botScoreMembers: PropertyDescriptorMap = {
  // decisions 19: the handler only runs when a segment exists; "unexpected" covers a missing one.
  botScore: getter('botScore', (i) => memo(i, 'botScore', () => createBotScore(i.state.botSegment ?? 'unexpected'))),
};
