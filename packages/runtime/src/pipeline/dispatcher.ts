/**
 * The event model of spec §2 as one short list of stages (docs/style.md habit 2). Each stage says
 * when it applies; `runHandler` wraps every handler with bypass, limits, trace and debug
 * bookkeeping; `prepare` and `finish` turn a client request into an exchange and the exchange into
 * a response.
 */
import type { Exchange } from './exchange.ts';
import type { Stage } from './stages/stage.ts';
import { clientRequest } from './stages/client-request.ts';
import { botSegment } from './stages/bot-segment.ts';
import { cacheLookup } from './stages/cache-lookup.ts';
import { responseProvider } from './stages/response-provider.ts';
import { originRequest } from './stages/origin-request.ts';
import { originFetch } from './stages/origin-fetch.ts';
import { originResponse } from './stages/origin-response.ts';
import { cacheStore } from './stages/cache-store.ts';
import { clientResponse } from './stages/client-response.ts';

export const STAGES: readonly Stage[] = [
  clientRequest, // onClientRequest
  botSegment, // Bot Manager → onBotSegmentAvailable
  cacheLookup,
  responseProvider, // on a miss, replaces the origin
  originRequest, // onOriginRequest
  originFetch,
  originResponse, // onOriginResponse
  cacheStore,
  clientResponse, // onClientResponse
];

/**
 * Runs the stages that apply, in order, then `next` (the response's finish). Synchronous stages
 * (cache lookup and store, a handler that finished within its call) run one after the other in the
 * same call; the run waits only where a stage returned a promise (the origin fetch, a handler that
 * awaits), and returns that wait (pipeline/eventually.ts).
 */
export function runStages<T>(ex: Exchange, next: (ex: Exchange) => T, from = 0): T | Promise<T> {
  for (let i = from; i < STAGES.length; i++) {
    const stage = STAGES[i] as Stage;
    if (!stage.when(ex)) continue;
    const pending = stage.run(ex);
    // `next` runs in the same continuation as the stages after the wait: no promise of its own.
    if (pending !== undefined) return pending.then(() => runStages(ex, next, i + 1));
  }
  return next(ex);
}
