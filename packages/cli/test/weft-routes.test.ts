/**
 * The dev server's `/__weft/` trace routes read their paths with the runtime's own reader
 * (traceRouteOf), so `pnpm dev` and `weft serve` answer the same paths the same way.
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '@weft/runtime';
import { answerWeftRoute, type WeftRouteSource } from '../src/dev/weft-routes.ts';
import { TraceEvents } from '../src/dev/trace-events.ts';

function source(traces: Record<string, Trace>): WeftRouteSource & { limits: number[] } {
  const limits: number[] = [];
  return {
    limits,
    buildStatus: () => ({ ok: true }),
    events: new TraceEvents(),
    recentTraces: async (limit) => {
      limits.push(limit);
      return Object.values(traces).slice(0, limit);
    },
    trace: async (id) => traces[id],
  };
}

const get = (url: string) => ({ id: 1, method: 'GET', url, headers: [], scheme: 'http' as const, remoteAddress: '127.0.0.1', body: null });

describe('the dev server trace routes', () => {
  it('answers a trace id whose escapes are not UTF-8 with 404, as weft serve does, instead of failing', async () => {
    const reply = await answerWeftRoute(source({}), get('/__weft/trace/%C3%28'));
    expect(reply?.status).toBe(404);
    expect(JSON.parse(String(reply?.body))).toEqual({ error: 'no trace with id %C3%28 (the dev server keeps the last 500 per bundle)' });
  });

  it('decodes an escaped id, and reads ?limit= with the default 50 for a bad one', async () => {
    const trace = { id: 'a b' } as unknown as Trace;
    const routes = source({ 'a b': trace });
    expect((await answerWeftRoute(routes, get('/__weft/trace/a%20b')))?.status).toBe(200);
    await answerWeftRoute(routes, get('/__weft/traces?limit=3'));
    await answerWeftRoute(routes, get('/__weft/traces?limit=-1'));
    expect(routes.limits).toEqual([3, 50]);
  });
});
