/**
 * The dev server's `/__weft/` routes, a Hono app: trace paths are read with the runtime's own reader
 * (traceRouteOf), so `pnpm dev` and `weft serve` answer the same paths the same way.
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '@weft/runtime';
import { ownsWeftRoute, weftRoutes, type WeftRouteSource } from '../src/dev/weft-routes.ts';
import { TraceEvents } from '../src/dev/trace-events.ts';

function source(traces: Record<string, Trace>, profiles: Record<string, string> = {}): WeftRouteSource & { limits: number[] } {
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
    profile: async (id) => profiles[id],
  };
}

describe('the dev server trace routes', () => {
  it('answers a trace id whose escapes are not UTF-8 with 404, as weft serve does, instead of failing', async () => {
    const reply = await weftRoutes(source({})).request('/__weft/trace/%C3%28');
    expect(reply.status).toBe(404);
    expect(await reply.json()).toEqual({ error: 'no trace with id %C3%28 (the dev server keeps the last 500 per bundle)' });
  });

  it('serves a kept CPU profile as a .cpuprofile download, and says why there is none', async () => {
    const app = weftRoutes(source({ p: { id: 'p', profile: { bytes: 2 } } as unknown as Trace, q: { id: 'q' } as unknown as Trace }, { p: '{}' }));
    const served = await app.request('/__weft/trace/p/profile.cpuprofile');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-disposition')).toBe('attachment; filename="weft-p.cpuprofile"');
    expect(await served.text()).toBe('{}');
    const none = await app.request('/__weft/trace/q/profile.cpuprofile');
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ error: 'trace q has no CPU profile; send the request again with the header x-weft-profile: 1' });
    expect(await (await app.request('/__weft/trace/r/profile.cpuprofile')).json()).toEqual({ error: 'no trace with id r, so no CPU profile either' });
  });

  it('decodes an escaped id, and reads ?limit= with the default 50 for a bad one', async () => {
    const trace = { id: 'a b' } as unknown as Trace;
    const routes = source({ 'a b': trace });
    const app = weftRoutes(routes);
    expect((await app.request('/__weft/trace/a%20b')).status).toBe(200);
    await app.request('/__weft/traces?limit=3');
    await app.request('/__weft/traces?limit=-1');
    expect(routes.limits).toEqual([3, 50]);
  });
});

describe('the dev server routes (Hono)', () => {
  it('serves the viewer at /__weft and /__weft/, the build state, and JSON that is never cached', async () => {
    const app = weftRoutes(source({}));
    for (const path of ['/__weft', '/__weft/', '/__weft/?x=1']) {
      const viewer = await app.request(path);
      expect(viewer.status).toBe(200);
      expect(viewer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await viewer.text()).toContain('Weft trace viewer');
    }
    const build = await app.request('/__weft/build');
    expect(build.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(build.headers.get('cache-control')).toBe('no-store');
    expect(await build.json()).toEqual({ ok: true });
  });

  it('answers an unknown endpoint 404 and a method other than GET or HEAD 405, in JSON', async () => {
    const app = weftRoutes(source({}));
    const unknown = await app.request('/__weft/nope');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'unknown Weft endpoint /__weft/nope; try /__weft/ (the viewer), /__weft/traces, /__weft/trace/:id or /__weft/trace/:id/profile.cpuprofile' });
    expect((await app.request('/__weft/trace/')).status).toBe(404);
    const post = await app.request('/__weft/build', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(await post.json()).toEqual({ error: 'POST is not allowed on /__weft/build; use GET' });
    const head = await app.request('/__weft/build', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers a failing source 500 with the reason, and reports it', async () => {
    const reported: unknown[] = [];
    const failing = { ...source({}), recentTraces: () => Promise.reject(new Error('store gone')) };
    const reply = await weftRoutes(failing, (error) => reported.push(error)).request('/__weft/traces');
    expect(reply.status).toBe(500);
    expect(await reply.text()).toBe('weft dev: internal error while handling GET /__weft/traces: store gone\n');
    expect(reported).toHaveLength(1);
  });

  it('streams trace events to each subscriber until it cancels', async () => {
    const routes = source({});
    const reply = await weftRoutes(routes).request('/__weft/events');
    expect(reply.headers.get('content-type')).toBe('text/event-stream');
    const reader = reply.body?.getReader();
    if (reader === undefined) throw new Error('no event stream body');
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe('retry: 1000\n\n');
    routes.events.publish('t-1');
    expect(decoder.decode((await reader.read()).value)).toBe('event: trace\ndata: "t-1"\n\n');
    await reader.cancel();
    // A cancelled subscriber is gone: publishing again must not throw on its closed stream.
    routes.events.publish('t-2');
    routes.events.close();
  });

  it('owns /__weft and what is under /__weft/, not a worker path that merely starts alike', () => {
    expect(['/__weft', '/__weft?x', '/__weft/', '/__weft/trace/1'].map(ownsWeftRoute)).toEqual([true, true, true, true]);
    expect(['/', '/__weftx', '/api/__weft/'].map(ownsWeftRoute)).toEqual([false, false, false]);
  });
});
