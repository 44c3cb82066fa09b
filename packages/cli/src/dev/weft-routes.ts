/**
 * The dev server's own routes under `/__weft/`: the trace viewer page, the build state, the trace
 * list and one trace (merged across rebuilds), and the live trace events.
 */
import { traceRouteOf, type PipelineReply, type PipelineRequest, type Trace } from '@weft/runtime';
import { viewerHtml } from '../viewer/page.ts';
import type { TraceEvents } from './trace-events.ts';

export const text = (status: number, body: string, type = 'text/plain; charset=utf-8'): PipelineReply => ({ status, headers: [['Content-Type', type], ['Cache-Control', 'no-store']], body });
export const json = (status: number, value: unknown): PipelineReply => text(status, JSON.stringify(value), 'application/json; charset=utf-8');

export interface WeftRouteSource {
  buildStatus(): Record<string, unknown>;
  readonly events: TraceEvents;
  recentTraces(limit: number): Promise<Trace[]>;
  trace(id: string): Promise<Trace | undefined>;
}

/** The reply for a `/__weft/` route, or undefined when the request is for the worker. */
export async function answerWeftRoute(source: WeftRouteSource, request: PipelineRequest): Promise<PipelineReply | undefined> {
  const [pathname = '', query = ''] = request.url.split('?', 2);
  if (!pathname.startsWith('/__weft')) return undefined;
  if (pathname === '/__weft' || pathname === '/__weft/') return text(200, viewerHtml(), 'text/html; charset=utf-8');
  if (pathname === '/__weft/build') return json(200, source.buildStatus());
  if (pathname === '/__weft/events') {
    return { status: 200, headers: [['Content-Type', 'text/event-stream'], ['Cache-Control', 'no-store'], ['X-Accel-Buffering', 'no']], body: source.events.subscribe() };
  }
  const route = traceRouteOf(pathname, query);
  if (route?.kind === 'list') return json(200, { traces: await source.recentTraces(route.limit) });
  if (route?.kind === 'one') {
    const trace = route.id === undefined ? undefined : await source.trace(route.id);
    return trace === undefined ? json(404, { error: `no trace with id ${route.segment} (the dev server keeps the last 500 per bundle)` }) : json(200, trace);
  }
  return json(404, { error: `unknown Weft endpoint ${pathname}; try /__weft/ (the viewer), /__weft/traces or /__weft/trace/:id` });
}

/** Terminal lines for a finished trace: one access line, and one per stage that failed. */
export function traceLines(app: string, trace: Trace): { info: string; errors: string[] } {
  const info = `${app}: ${trace.request.method} ${trace.request.url} → ${trace.response?.status ?? '-'} ${trace.response?.source ?? ''} ${trace.durationMs.toFixed(1)} ms`;
  const errors = trace.stages.flatMap((stage) => {
    if (stage.error === undefined) return [];
    const at = stage.error.frames[0];
    return [`${app}: ${trace.request.method} ${trace.request.url}: ${stage.stage} ${stage.status}: ${stage.error.name}: ${stage.error.message}${at === undefined ? '' : ` (${at.file}:${at.line}:${at.column})`}`];
  });
  return { info, errors };
}
