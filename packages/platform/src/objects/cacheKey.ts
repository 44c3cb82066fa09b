/**
 * The cache key of a request in the shape the platform's `X-True-Cache-Key` shows (spec §5,
 * decisions 32): `/X/XXX/<host><path>[?query][ cid=_name=value_...]`. The runtime's cache uses the
 * same string, so two requests share a cached object exactly when their keys are equal.
 */
import type { RequestState } from './state.ts';

export interface CacheKeyOptions {
  /** Replaces the `XXX` placeholder of the documented examples, e.g. to partition by CP code. */
  cpCode?: number | string;
}

export function buildCacheKey(state: RequestState, options: CacheKeyOptions = {}): string {
  const query = keyQuery(state);
  const cid = cidEntries(state);
  const prefix = `/X/${options.cpCode ?? 'XXX'}/`;
  return `${prefix}${state.host.toLowerCase()}${state.path}${query === '' ? '' : `?${query}`}${cid.length === 0 ? '' : ` cid=_${cid.join('_')}_`}`;
}

function keyQuery(state: RequestState): string {
  const policy = state.cacheKeyPolicy;
  // spec §5: includeQueryArgument wins over include/excludeQueryString, in any call order.
  if (policy.queryArgs.length > 0) {
    return state.query
      .split('&')
      .filter((arg) => arg !== '' && policy.queryArgs.includes(argumentName(arg)))
      .join('&');
  }
  return policy.query === 'exclude' ? '' : state.query;
}

function argumentName(arg: string): string {
  const eq = arg.indexOf('=');
  const raw = eq === -1 ? arg : arg.slice(0, eq);
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch (error) {
    // A query name with a stray % is kept as written; only URIError means that.
    if (!(error instanceof URIError)) throw error;
    return raw;
  }
}

/** Cookies, then headers, then variables; an absent one adds nothing. Only original headers count. */
function cidEntries(state: RequestState): string[] {
  const policy = state.cacheKeyPolicy;
  const entries: string[] = [];
  if (policy.cookies.length > 0) {
    const cookies = originalCookies(state);
    for (const name of policy.cookies) {
      const value = cookies.get(name);
      if (value !== undefined) entries.push(`${name}=${value}`);
    }
  }
  for (const name of policy.headers) {
    const values = state.originalHeaders.get(name);
    if (values !== undefined) entries.push(`${name}=${values.join(',')}`);
  }
  for (const name of policy.variables) {
    const value = state.variables.get(name);
    if (value !== undefined) entries.push(`${name}=${value}`);
  }
  return entries;
}

function originalCookies(state: RequestState): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of state.originalHeaders.get('cookie') ?? []) {
    for (const part of line.split(';')) {
      const eq = part.indexOf('=');
      if (eq === -1) continue;
      const name = part.slice(0, eq).trim();
      // The first cookie of a name is the one servers conventionally read.
      if (name !== '' && !cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
    }
  }
  return cookies;
}
