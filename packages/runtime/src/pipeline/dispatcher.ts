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

export async function runStages(ex: Exchange, stages: readonly Stage[] = STAGES): Promise<void> {
  for (const stage of stages) {
    if (!stage.when(ex)) continue;
    // Synchronous stages (cache lookup and store, a handler that finished within its call) are not
    // awaited: every await is a microtask turn.
    const pending = stage.run(ex);
    if (pending !== undefined) await pending;
  }
}
