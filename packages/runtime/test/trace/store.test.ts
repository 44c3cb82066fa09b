import { describe, expect, it } from 'vitest';
import { PROFILES_KEPT, TraceStore, answerTraceRoute, type ProfileSummary, type Trace } from '../../src/index.ts';

const trace = (id: string): Trace => ({ id, startedAt: '', durationMs: 0, request: { method: 'GET', scheme: 'http', host: 'h', url: `/${id}`, clientIp: '1' }, simulation: { variables: {} }, stages: [], subrequests: [], logs: [], warnings: [], compositions: [], complete: true });

describe('trace store and routes', () => {
  it('keeps the most recent traces up to its capacity', () => {
    const store = new TraceStore(2);
    for (const id of ['a', 'b', 'c']) store.put(trace(id));
    expect(store.get('a')).toBeUndefined();
    expect(store.recent().map((t) => t.id)).toEqual(['c', 'b']);
  });
  it('hands out copies: what a reader does to a trace does not change the stored one', () => {
    const store = new TraceStore(2);
    store.put(trace('a'));
    const read = store.get('a');
    read?.warnings.push({ code: 'x', message: 'changed by a reader' });
    expect(store.get('a')?.warnings).toEqual([]);
    expect(store.recent()[0]).toEqual(trace('a'));
  });
  it('answers /__weft/trace/:id, /__weft/traces, 404 and 405', () => {
    const store = new TraceStore(5);
    store.put(trace('x'));
    expect(JSON.parse(answerTraceRoute(store, 'GET', '/__weft/trace/x').body).id).toBe('x');
    expect(JSON.parse(answerTraceRoute(store, 'GET', '/__weft/traces?limit=1').body).traces).toHaveLength(1);
    expect(answerTraceRoute(store, 'GET', '/__weft/trace/y').status).toBe(404);
    expect(answerTraceRoute(store, 'POST', '/__weft/traces').status).toBe(405);
    expect(answerTraceRoute(store, 'GET', '/__weft/nothing').status).toBe(404);
  });
  it('answers 404, not a URIError, for an id whose escapes are not UTF-8', () => {
    const store = new TraceStore(5);
    const reply = answerTraceRoute(store, 'GET', '/__weft/trace/%C3%28');
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body).error).toMatch(/no trace with id %C3%28/);
  });
  it('keeps the CPU profiles of the newest profiled traces, and drops a profile with its trace', () => {
    const store = new TraceStore(PROFILES_KEPT + 5);
    const summary: ProfileSummary = { thread: 'edge', intervalUs: 100, startMs: 0, setupMs: 1, durationMs: 1, samples: 1, idleMs: 0, hot: [], bytes: 7 };
    for (let i = 0; i < PROFILES_KEPT + 2; i++) store.put({ ...trace(`t${i}`), profile: summary }, `{"n":${i}}`);
    expect(store.profile('t0')).toBeUndefined();
    expect(store.profile('t1')).toBeUndefined();
    expect(store.profile('t2')).toBe('{"n":2}');
    const served = answerTraceRoute(store, 'GET', '/__weft/trace/t2/profile.cpuprofile');
    expect(served.status).toBe(200);
    expect(served.body).toBe('{"n":2}');
    expect(served.headers).toContainEqual(['Content-Disposition', 'attachment; filename="weft-t2.cpuprofile"']);
    const dropped = answerTraceRoute(store, 'GET', '/__weft/trace/t0/profile.cpuprofile');
    expect(dropped.status).toBe(404);
    expect(JSON.parse(dropped.body).error).toBe(`the CPU profile of trace t0 is no longer kept (only the last ${PROFILES_KEPT} are)`);
    const small = new TraceStore(1);
    small.put(trace('a'), '{}');
    small.put(trace('b'));
    expect(small.profile('a')).toBeUndefined();
    expect(answerTraceRoute(small, 'GET', '/__weft/trace/a/profile.cpuprofile').status).toBe(404);
  });
});
