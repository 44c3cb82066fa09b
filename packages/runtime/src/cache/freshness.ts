/**
 * Whether a response may be stored and for how long (RFC 9111 as a shared cache applies it, which
 * is what an Akamai property honouring origin headers does): `s-maxage` over `max-age` over
 * `Expires`, then the configured default TTL; `no-store` and `private` keep it out; `no-cache`
 * stores it but makes every later use a revalidation (served as stale → refetched).
 */
export interface FreshnessInput {
  method: string;
  status: number;
  /** Lower-case name → values. */
  header(name: string): string[] | undefined;
  defaultTtlSeconds: number;
  now: number;
}

export type StoreDecision =
  | { store: true; lifetimeMs: number; mustRevalidate: boolean; reason: string }
  | { store: false; reason: string };

// RFC 9111 §3 / RFC 9110 §15.1: statuses that are heuristically cacheable.
const CACHEABLE_STATUS = new Set([200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501]);

export function parseCacheControl(values: string[] | undefined): Map<string, string | true> {
  const directives = new Map<string, string | true>();
  for (const line of values ?? []) {
    for (const part of line.split(',')) {
      const item = part.trim();
      if (item === '') continue;
      const eq = item.indexOf('=');
      if (eq === -1) directives.set(item.toLowerCase(), true);
      else directives.set(item.slice(0, eq).trim().toLowerCase(), item.slice(eq + 1).trim().replace(/^"|"$/g, ''));
    }
  }
  return directives;
}

function seconds(value: string | true | undefined): number | undefined {
  if (value === undefined || value === true) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function decideStore(input: FreshnessInput): StoreDecision {
  if (input.method !== 'GET') return { store: false, reason: `method ${input.method} is not cached` };
  if (!CACHEABLE_STATUS.has(input.status)) return { store: false, reason: `status ${input.status} is not cacheable` };
  const cc = parseCacheControl(input.header('cache-control'));
  if (cc.has('no-store')) return { store: false, reason: 'Cache-Control: no-store' };
  if (cc.has('private')) return { store: false, reason: 'Cache-Control: private' };
  const mustRevalidate = cc.has('no-cache');
  const age = seconds(input.header('age')?.[0]) ?? 0;
  const explicit = seconds(cc.get('s-maxage')) ?? seconds(cc.get('max-age'));
  let lifetime: number | undefined;
  let reason: string;
  if (explicit !== undefined) {
    lifetime = explicit - age;
    reason = cc.has('s-maxage') ? `Cache-Control: s-maxage=${explicit}` : `Cache-Control: max-age=${explicit}`;
  } else {
    const expires = input.header('expires')?.[0];
    if (expires !== undefined) {
      const at = Date.parse(expires);
      const date = Date.parse(input.header('date')?.[0] ?? '');
      lifetime = Number.isNaN(at) ? 0 : Math.floor((at - (Number.isNaN(date) ? input.now : date)) / 1000);
      reason = `Expires: ${expires}`;
    } else {
      lifetime = input.defaultTtlSeconds;
      reason = `default TTL ${input.defaultTtlSeconds}s`;
    }
  }
  if (mustRevalidate) return { store: true, lifetimeMs: 0, mustRevalidate: true, reason: 'Cache-Control: no-cache (stored, revalidated on every use)' };
  if (lifetime <= 0) return { store: false, reason: `${reason}: no freshness lifetime` };
  return { store: true, lifetimeMs: lifetime * 1000, mustRevalidate: false, reason };
}

/**
 * The `Age` of a stored object now (RFC 9111 §4.2.3, without clock-skew correction): the age it
 * arrived with plus the seconds it has been stored.
 */
export function currentAge(headers: ReadonlyArray<readonly [string, string]>, storedAt: number, now: number): number {
  let arrived = 0;
  for (const [name, value] of headers) if (name.toLowerCase() === 'age') arrived = seconds(value) ?? 0;
  return arrived + Math.floor((now - storedAt) / 1000);
}

export type LookupResult = 'hit' | 'stale';

export function classify(storedAt: number, lifetimeMs: number, mustRevalidate: boolean, now: number): LookupResult {
  if (mustRevalidate) return 'stale';
  return now - storedAt < lifetimeMs ? 'hit' : 'stale';
}
