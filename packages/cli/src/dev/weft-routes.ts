/**
 * The dev server's own routes under `/__weft/`, as a Hono app: the trace viewer page, the build
 * state, the trace list, one trace and its CPU profile (merged across rebuilds), and the live trace events. The
 * node:http front hands these requests over (`ownsWeftRoute`); the worker's requests never meet it.
 */
import { Hono, type Context } from 'hono';
import { noProfileMessage, profileReply, traceRouteOf, WEFT_PATH_PREFIX, type Trace } from '@weft/runtime';
import { withViewerPage } from '../viewer/routes.ts';
import type { TraceEvents } from './trace-events.ts';

export interface WeftRouteSource {
  buildStatus(): Record<string, unknown>;
  readonly events: TraceEvents;
  recentTraces(limit: number): Promise<Trace[]>;
  trace(id: string): Promise<Trace | undefined>;
  /** A profiled request's `.cpuprofile` text, while it is kept. */
  profile(id: string): Promise<string | undefined>;
}

/** Whether a request target (path and query) is the dev server's own: `/__weft` or under `/__weft/`. */
export function ownsWeftRoute(url: string): boolean {
  return url.startsWith(WEFT_PATH_PREFIX) || url === '/__weft' || url.startsWith('/__weft?');
}

const text = (status: number, body: string, type = 'text/plain; charset=utf-8'): Response => new Response(body, { status, headers: { 'Content-Type': type, 'Cache-Control': 'no-store' } });
const json = (status: number, value: unknown): Response => text(status, JSON.stringify(value), 'application/json; charset=utf-8');

/** The path and query as sent: the runtime's trace reader sees the same escapes under `weft serve`. */
function rawTarget(c: Context): { path: string; query: string } {
  const url = new URL(c.req.url);
  return { path: url.pathname, query: url.search.slice(1) };
}

/** The routes; `report` hears a failure inside one, which answers 500 with the reason. */
export function weftRoutes(source: WeftRouteSource, report: (error: unknown) => void = () => undefined): Hono {
  const app = withViewerPage(new Hono());
  app.get('/__weft/build', () => json(200, source.buildStatus()));
  // A HEAD request subscribes to nothing: it would never read what it was sent.
  app.get('/__weft/events', (c) => new Response(c.req.method === 'HEAD' ? null : source.events.subscribe(), { headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' } }));
  app.get('/__weft/traces', async (c) => {
    const { path, query } = rawTarget(c);
    const route = traceRouteOf(path, query);
    return json(200, { traces: await source.recentTraces(route?.kind === 'list' ? route.limit : 50) });
  });
  app.get('/__weft/trace/:id', async (c) => {
    const { path, query } = rawTarget(c);
    const route = traceRouteOf(path, query);
    if (route?.kind !== 'one') return unknown(c);
    const trace = route.id === undefined ? undefined : await source.trace(route.id);
    return trace === undefined ? json(404, { error: `no trace with id ${route.segment} (the dev server keeps the last 500 per bundle)` }) : json(200, trace);
  });
  app.get('/__weft/trace/:id/profile.cpuprofile', async (c) => {
    const { path, query } = rawTarget(c);
    const route = traceRouteOf(path, query);
    if (route?.kind !== 'profile') return unknown(c);
    const profile = route.id === undefined ? undefined : await source.profile(route.id);
    if (route.id !== undefined && profile !== undefined) {
      const reply = profileReply(route.id, profile);
      return new Response(reply.body, { status: reply.status, headers: reply.headers });
    }
    return json(404, { error: noProfileMessage(route.segment, route.id === undefined ? undefined : await source.trace(route.id)) });
  });
  app.notFound(unknown);
  app.onError((error, c) => {
    report(error);
    return text(500, `weft dev: internal error while handling ${c.req.method} ${rawTarget(c).path}: ${error.message}\n`);
  });
  return app;
}

function unknown(c: Context): Response {
  const { path } = rawTarget(c);
  // Every route here reads; HEAD is answered by the GET routes.
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return json(405, { error: `${c.req.method} is not allowed on ${path}; use GET` });
  return json(404, { error: `unknown Weft endpoint ${path}; try /__weft/ (the viewer), /__weft/traces, /__weft/trace/:id or /__weft/trace/:id/profile.cpuprofile` });
}
