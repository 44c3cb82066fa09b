/**
 * The runtime's cache as sub-requests meet it (issue 17; platform §10: a sub-request to a host the
 * property serves goes through its caching). One store and one set of freshness rules with client
 * requests (freshness.ts): a fresh object answers the sub-request without going out, a miss or a
 * stale one is fetched and stored under the same rules. GET only; which mapped hosts take part is
 * the config's `subrequestCache` (on for every mapped host by default; decision 35).
 */
import type { CachedAnswer, SubrequestCache, SubrequestCacheInfo, SubrequestCachePass } from '@weft/platform';
import type { RuntimeOptions } from '../config/schema.ts';
import { EDGEKV_HOST } from '../edgekv/protocol.ts';
import { stripHopByHop } from '../origin/hop-by-hop.ts';
import { classify, currentAge, decideStore, type StoreDecision } from './freshness.ts';
import type { CacheStore } from './store.ts';

/** The key a client request for the same URL has (spec §5 shape, default key policy), so both share objects. */
export function subrequestCacheKey(url: URL): string {
  return `/X/XXX/${url.hostname}${url.pathname}${url.search}`;
}

class Pass implements SubrequestCachePass {
  readonly info: SubrequestCacheInfo;
  readonly hit: CachedAnswer | undefined;
  readonly #store: CacheStore;
  readonly #options: RuntimeOptions['cache'];
  readonly #key: string;
  readonly #method: string;
  #decision: StoreDecision | undefined;
  #headers: Array<[string, string]> = [];
  #status = 0;

  constructor(store: CacheStore, options: RuntimeOptions['cache'], key: string, method: string) {
    this.#store = store;
    this.#options = options;
    this.#key = key;
    this.#method = method;
    if (method !== 'GET') {
      this.info = { lookup: 'bypass', key, reason: `method ${method} is not cached`, stored: false };
      this.hit = undefined;
      return;
    }
    const object = store.get(key);
    const now = Date.now();
    if (object === undefined) {
      this.info = { lookup: 'miss', key, stored: false };
      this.hit = undefined;
      return;
    }
    const lookup = classify(object.storedAt, object.lifetimeMs, object.mustRevalidate, now);
    const ageSeconds = currentAge(object.headers, object.storedAt, now);
    this.info = { lookup, key, stored: false, ageSeconds };
    this.hit = lookup === 'hit' ? { status: object.status, headers: withAge(object.headers, ageSeconds), body: object.body } : undefined;
  }

  admit(status: number, headers: Array<[string, string]>): boolean {
    if (this.info.lookup === 'bypass') return false;
    const decision = decideStore({
      method: this.#method,
      status,
      header: (name) => valuesOf(headers, name),
      defaultTtlSeconds: this.#options.defaultTtlSeconds,
      now: Date.now(),
    });
    this.info.reason = decision.reason;
    if (!decision.store) return false;
    this.#decision = decision;
    this.#status = status;
    this.#headers = headers;
    return true;
  }

  store(body: Uint8Array): void {
    const decision = this.#decision;
    if (decision === undefined || !decision.store) return;
    if (body.byteLength > this.#options.maxObjectBytes) {
      this.info.reason = `body larger than cache.maxObjectBytes (${this.#options.maxObjectBytes})`;
      return;
    }
    // Stored as the client cache stores an origin's answer: without what described one connection.
    this.#store.set(this.#key, { status: this.#status, headers: stripHopByHop(this.#headers), body, storedAt: Date.now(), lifetimeMs: decision.lifetimeMs, mustRevalidate: decision.mustRevalidate });
    this.info.stored = true;
    this.info.ttlSeconds = decision.lifetimeMs / 1000;
  }
}

function valuesOf(lines: ReadonlyArray<readonly [string, string]>, name: string): string[] | undefined {
  let values: string[] | undefined;
  for (const [key, value] of lines) if (key.toLowerCase() === name) (values ??= []).push(value);
  return values;
}

/** The stored lines with `Age` set, as the client cache lookup answers (cache-lookup.ts). */
function withAge(lines: ReadonlyArray<[string, string]>, ageSeconds: number): Array<[string, string]> {
  const headers: Array<[string, string]> = lines.filter(([name]) => name.toLowerCase() !== 'age');
  headers.push(['age', String(ageSeconds)]);
  return headers;
}

/** Undefined when no mapped host's sub-requests use the cache (nothing is asked per sub-request then). */
export function createSubrequestCache(options: RuntimeOptions, store: CacheStore): SubrequestCache | undefined {
  if (!options.cache.enabled) return undefined;
  // EdgeKV is a service of its own (docs/edgekv.md), not content of the property; subWorker hosts
  // have the called app's pipeline, and its cache.
  const apps = new Set(Object.keys(options.subWorkers).map((host) => host.toLowerCase()));
  const hosts = Object.keys(options.hosts).map((host) => host.toLowerCase()).filter((host) => host !== EDGEKV_HOST && !apps.has(host));
  const off = new Set(Object.entries(options.subrequestCache).filter(([, on]) => !on).map(([host]) => host.toLowerCase()));
  const cached = new Set(hosts.filter((host) => !off.has(host)));
  if (cached.size === 0) return undefined;
  return {
    pass(url, method) {
      return cached.has(url.hostname) ? new Pass(store, options.cache, subrequestCacheKey(url), method) : undefined;
    },
  };
}
