/** The cache lookup (spec §5, §2.1): a fresh object is served without responseProvider or origin. */
import { HeaderList, buildCacheKey } from '@weft/platform';
import { classify, currentAge } from '../../cache/freshness.ts';
import type { Exchange } from '../exchange.ts';
import type { Stage } from './stage.ts';

function bypassReason(ex: Exchange): string | undefined {
  if (!ex.services.options.cache.enabled) return 'cache disabled in the config';
  if (ex.debug.responseProvider) return 'Pragma akamai-x-ew-debug-rp bypasses the cache (spec §22.6)';
  if (ex.request.method !== 'GET' && ex.request.method !== 'HEAD') return `method ${ex.request.method} is not cached`;
  return undefined;
}

export const cacheLookup: Stage = {
  name: 'cacheLookup',
  when: (ex) => ex.response === undefined,
  run(ex) {
    const start = ex.trace.elapsed();
    const key = buildCacheKey(ex.request);
    ex.cacheKey = key;
    const bypass = bypassReason(ex);
    if (bypass !== undefined) {
      ex.cacheLookup = 'bypass';
      ex.trace.cache({ lookup: 'bypass', key, reason: bypass });
      ex.trace.system('cacheLookup', 'Done', start, bypass);
      return;
    }
    const object = ex.services.cache.get(key);
    const wallNow = Date.now();
    const lookup = object === undefined ? 'miss' : classify(object.storedAt, object.lifetimeMs, object.mustRevalidate, wallNow);
    ex.cacheLookup = lookup;
    const ageSeconds = object === undefined ? undefined : currentAge(object.headers, object.storedAt, wallNow);
    ex.trace.cache({ lookup, key, ...(ageSeconds === undefined ? {} : { ageSeconds }) });
    ex.trace.system('cacheLookup', 'Done', start, lookup);
    if (object === undefined || lookup !== 'hit') return;
    const headers = new HeaderList(object.headers);
    headers.set('Age', String(ageSeconds ?? 0));
    ex.response = { status: object.status, headers, body: object.body, source: 'cache', storable: false };
  },
};
