/**
 * The trace endpoints: `GET /__weft/trace/:id` (one trace), `GET /__weft/traces` (most recent
 * first, `?limit=N`) and `GET /__weft/trace/:id/profile.cpuprofile` (a profiled request's CPU
 * profile). Answered by whoever holds the store, so they work in-process and in an edge thread.
 */
import { PROFILES_KEPT, type TraceStore } from './store.ts';

import { WEFT_PATH_PREFIX } from '../pipeline/reserved.ts';

export { WEFT_PATH_PREFIX };

export interface JsonReply {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

function json(status: number, value: unknown): JsonReply {
  const body = JSON.stringify(value);
  return { status, headers: [['Content-Type', 'application/json; charset=utf-8'], ['Cache-Control', 'no-store'], ['Content-Length', String(Buffer.byteLength(body))]], body };
}

/** A trace id from its path segment; undefined for an escape that is not UTF-8 (`%C3%28`), which names no trace. */
function decodedId(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
}

/** What a `/__weft/` path asks of the traces: the list (with its limit), one trace, its profile, or none of them. */
export type TraceRoute = { kind: 'list'; limit: number } | { kind: 'one' | 'profile'; id: string | undefined; segment: string } | undefined;

/**
 * Reads the trace routes, for the edge server (below) and the dev server alike: `/__weft/traces`
 * with `?limit=N` (default 50), `/__weft/trace/:id` and `/__weft/trace/:id/profile.cpuprofile`
 * (`id` undefined when its escapes are not UTF-8).
 */
export function traceRouteOf(path: string, query: string): TraceRoute {
  if (path === '/__weft/traces') {
    const limit = Number(new URLSearchParams(query).get('limit') ?? '50');
    return { kind: 'list', limit: Number.isInteger(limit) && limit > 0 ? limit : 50 };
  }
  const match = /^\/__weft\/trace\/([^/]+)(\/profile\.cpuprofile)?$/.exec(path);
  if (match?.[1] === undefined) return undefined;
  return { kind: match[2] === undefined ? 'one' : 'profile', id: decodedId(match[1]), segment: match[1] };
}

/** The `.cpuprofile` answer: a download DevTools loads (Performance panel, "Load profile"). */
export function profileReply(id: string, text: string): JsonReply {
  const name = /^[\w.-]+$/.test(id) ? id : 'trace';
  return {
    status: 200,
    headers: [['Content-Type', 'application/json; charset=utf-8'], ['Cache-Control', 'no-store'], ['Content-Disposition', `attachment; filename="weft-${name}.cpuprofile"`], ['Content-Length', String(Buffer.byteLength(text))]],
    body: text,
  };
}

/** Why a trace has no profile to serve: unknown, not profiled, or its profile no longer kept. */
export function noProfileMessage(segment: string, trace: { profile?: { bytes?: number | undefined; note?: string | undefined } | undefined } | undefined): string {
  if (trace === undefined) return `no trace with id ${segment}, so no CPU profile either`;
  if (trace.profile === undefined) return `trace ${segment} has no CPU profile; send the request again with the header x-weft-profile: 1`;
  if (trace.profile.bytes === undefined) return `trace ${segment} has no stored CPU profile: ${trace.profile.note ?? 'it was not kept'}`;
  return `the CPU profile of trace ${segment} is no longer kept (only the last ${PROFILES_KEPT} are)`;
}

export function answerTraceRoute(store: TraceStore, method: string, url: string): JsonReply {
  const [path = '', query = ''] = url.split('?', 2);
  if (method !== 'GET' && method !== 'HEAD') return json(405, { error: `${method} is not allowed on ${path}; use GET` });
  const route = traceRouteOf(path, query);
  if (route?.kind === 'list') return json(200, { traces: store.recent(route.limit) });
  if (route?.kind === 'one') {
    const trace = route.id === undefined ? undefined : store.get(route.id);
    return trace === undefined ? json(404, { error: `no trace with id ${route.segment} (${store.describeMissing()})` }) : json(200, trace);
  }
  if (route?.kind === 'profile') {
    const profile = route.id === undefined ? undefined : store.profile(route.id);
    if (route.id !== undefined && profile !== undefined) return profileReply(route.id, profile);
    return json(404, { error: noProfileMessage(route.segment, route.id === undefined ? undefined : store.get(route.id)) });
  }
  return json(404, { error: `unknown Weft endpoint ${path}; try /__weft/traces, /__weft/trace/:id or /__weft/trace/:id/profile.cpuprofile` });
}
