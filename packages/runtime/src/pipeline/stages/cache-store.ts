/**
 * The cache store: a cacheable origin or responseProvider response (after onOriginResponse) is
 * stored as its body streams past, up to the configured object size.
 */
import { decideStore } from '../../cache/freshness.ts';
import { tapBody } from '../body.ts';
import type { Stage } from './stage.ts';

export const cacheStore: Stage = {
  name: 'cacheStore',
  when: (ex) => !ex.final && ex.response?.storable === true && ex.cacheKey !== undefined && ex.cacheLookup !== 'bypass',
  run(ex) {
    const response = ex.response;
    const key = ex.cacheKey;
    if (response === undefined || key === undefined) return;
    const start = ex.trace.elapsed();
    const { cache: options } = ex.services.options;
    const decision = decideStore({
      method: ex.request.method,
      status: response.status,
      header: (name) => response.headers.get(name),
      defaultTtlSeconds: options.defaultTtlSeconds,
      now: Date.now(),
    });
    if (!decision.store) {
      ex.trace.cache({ lookup: ex.cacheLookup, stored: false, storeReason: decision.reason });
      ex.trace.system('cacheStore', 'NotRun', start, decision.reason);
      return;
    }
    const status = response.status;
    const headers = response.headers.lines();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    response.body = tapBody(response.body, {
      onChunk(chunk) {
        size += chunk.byteLength;
        if (size > options.maxObjectBytes) tooLarge = true;
        else chunks.push(chunk);
      },
      onEnd() {
        if (tooLarge) {
          ex.trace.cache({ lookup: ex.cacheLookup, stored: false, storeReason: `body larger than cache.maxObjectBytes (${options.maxObjectBytes})` });
          return;
        }
        ex.services.cache.set(key, { status, headers, body: Buffer.concat(chunks), storedAt: Date.now(), lifetimeMs: decision.lifetimeMs, mustRevalidate: decision.mustRevalidate });
        ex.trace.cache({ lookup: ex.cacheLookup, stored: true, ttlSeconds: decision.lifetimeMs / 1000, storeReason: decision.reason });
      },
      onError(error) {
        ex.trace.cache({ lookup: ex.cacheLookup, stored: false, storeReason: `body failed while streaming: ${String(error)}` });
      },
    });
    ex.trace.system('cacheStore', 'Done', start, decision.reason);
  },
};
