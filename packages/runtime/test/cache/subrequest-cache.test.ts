/** Which mapped hosts' sub-requests meet the cache (decision 35), and the key they use. */
import { describe, expect, it } from 'vitest';
import { parseRuntimeOptions } from '../../src/config/schema.ts';
import { createSubrequestCache, subrequestCacheKey } from '../../src/cache/subrequest-cache.ts';
import { MemoryCacheStore } from '../../src/cache/memory-store.ts';
import { EDGEKV_HOST } from '../../src/edgekv/protocol.ts';

const store = (): MemoryCacheStore => new MemoryCacheStore({ maxEntries: 10 });
const URL_OF = 'http://127.0.0.1:9';

describe('the sub-request cache', () => {
  it('takes every mapped host but EdgeKV, subWorker hosts and those the config turns off', () => {
    const options = parseRuntimeOptions({
      hosts: { 'Frag.example': URL_OF, 'off.example': URL_OF, 'reco.example': URL_OF, [EDGEKV_HOST]: URL_OF },
      subrequestCache: { 'off.example': false },
      subWorkers: { 'RECO.example': 'reco' },
    });
    const cache = createSubrequestCache(options, store());
    expect(cache?.pass(new URL('https://frag.example/a'), 'GET')?.info).toEqual({ lookup: 'miss', key: '/X/XXX/frag.example/a', stored: false });
    for (const host of ['off.example', 'reco.example', EDGEKV_HOST, 'other.example']) expect(cache?.pass(new URL(`https://${host}/a`), 'GET')).toBeUndefined();
  });

  it('is absent when no host takes part, or the cache is off', () => {
    expect(createSubrequestCache(parseRuntimeOptions({}), store())).toBeUndefined();
    expect(createSubrequestCache(parseRuntimeOptions({ hosts: { 'f.example': URL_OF }, cache: { enabled: false } }), store())).toBeUndefined();
  });

  it('keys by host, path and query as a client request for the URL is keyed', () => {
    expect(subrequestCacheKey(new URL('https://f.example/p/q?x=1&y=2'))).toBe('/X/XXX/f.example/p/q?x=1&y=2');
  });
});
