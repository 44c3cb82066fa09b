/**
 * Freshness: each source's `Cache-Control` (and `Age`) says how long its answer stays fresh; the
 * composed response is as fresh as its stalest part. Anything uncacheable wins: `no-store` from any
 * part, or a partial result, makes the whole `no-store`; `private` from any part makes it private.
 * A part without `Cache-Control` says nothing we may rely on, so it counts as max-age 0.
 */
export interface Freshness {
  /** Seconds the part stays fresh (already reduced by `Age`). */
  maxAge: number;
  noStore: boolean;
  isPrivate: boolean;
}

// The same few Cache-Control strings come back on every request; parse each once.
const parsed = new Map<string, Freshness>();

export function parseFreshness(cacheControl: string | undefined, age: string | undefined): Freshness {
  if (cacheControl === undefined) return { maxAge: 0, noStore: false, isPrivate: false };
  let base = parsed.get(cacheControl);
  if (base === undefined) {
    base = parseCacheControl(cacheControl);
    if (parsed.size >= 256) parsed.clear();
    parsed.set(cacheControl, base);
  }
  const ageSeconds = age === undefined ? 0 : (seconds(age.trim()) ?? 0);
  return ageSeconds === 0 ? base : { ...base, maxAge: Math.max(0, base.maxAge - ageSeconds) };
}

function parseCacheControl(cacheControl: string): Freshness {
  const out: Freshness = { maxAge: 0, noStore: false, isPrivate: false };
  let maxAge: number | undefined;
  let sharedMaxAge: number | undefined;
  let noCache = false;
  for (const raw of cacheControl.split(',')) {
    const directive = raw.trim().toLowerCase();
    const eq = directive.indexOf('=');
    const name = eq < 0 ? directive : directive.slice(0, eq).trim();
    const value = eq < 0 ? undefined : directive.slice(eq + 1).trim().replace(/^"|"$/g, '');
    if (name === 'no-store') out.noStore = true;
    else if (name === 'private') out.isPrivate = true;
    else if (name === 'no-cache') noCache = true;
    else if (name === 'max-age') maxAge = seconds(value);
    else if (name === 's-maxage') sharedMaxAge = seconds(value);
  }
  out.maxAge = noCache ? 0 : (sharedMaxAge ?? maxAge ?? 0);
  return Object.freeze(out);
}

/** The `Cache-Control` of a response built from these parts. */
export function deriveCacheControl(parts: readonly Freshness[], partial: boolean): string {
  if (partial || parts.some((p) => p.noStore)) return 'no-store';
  const isPrivate = parts.some((p) => p.isPrivate);
  const maxAge = parts.length === 0 ? 0 : Math.min(...parts.map((p) => p.maxAge));
  if (maxAge === 0) return isPrivate ? 'private, no-cache' : 'no-cache';
  return `${isPrivate ? 'private' : 'public'}, max-age=${maxAge}`;
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
