import { describe, expect, it } from 'vitest';
import { PROFILES_KEPT, TraceStore, answerTraceRoute, type ProfileSummary, type Trace } from '../../src/index.ts';
import { NEWEST_KEPT_AS_OBJECTS } from '../../src/trace/store.ts';

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

  describe('under load', () => {
    /** A store whose clock stands still unless moved, with a budget of 10 traces a second. */
    const loaded = (capacity: number) => {
      let ms = 0;
      const store = new TraceStore(capacity, { keepPerSecond: 10, now: () => ms });
      return { store, advance: (by: number) => (ms += by) };
    };
    const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => trace(`${prefix}${i}`));

    it('keeps every trace up to its capacity in a burst, then only its budget a second beyond the newest', () => {
      const { store, advance } = loaded(200);
      for (const t of many('a', 200)) store.put(t);
      expect(store.size).toBe(200);
      expect(store.get('a0')?.id).toBe('a0');
      // The burst is spent: of the next 100, the ones that leave the newest are dropped...
      for (const t of many('b', 100)) store.put(t);
      expect(store.dropped).toBe(100);
      expect(store.get('b0')).toBeUndefined();
      expect(store.get('a0')?.id).toBe('a0');
      // ...except the newest, always readable,
      expect(store.get(`b${99 - NEWEST_KEPT_AS_OBJECTS + 1}`)?.id).toBe(`b${99 - NEWEST_KEPT_AS_OBJECTS + 1}`);
      // and a second later the budget keeps 10 more.
      advance(1000);
      for (const t of many('c', 20)) store.put(t);
      expect(many('b', 100).filter((t) => store.get(t.id) !== undefined)).toHaveLength(NEWEST_KEPT_AS_OBJECTS - 20 + 10);
      expect(store.size).toBe(200);
      expect(store.recent(1000).map((t) => t.id).slice(0, 3)).toEqual(['c19', 'c18', 'c17']);
    });

    it('always keeps a trace with a failure, a warning or a profile', () => {
      const { store } = loaded(NEWEST_KEPT_AS_OBJECTS + 50);
      for (const t of many('burst', NEWEST_KEPT_AS_OBJECTS + 50)) store.put(t);
      const warned = { ...trace('warned'), warnings: [{ code: 'x', message: 'worth reading' }] };
      const failed: Trace = { ...trace('failed'), response: { status: 502, source: 'origin', headers: { lines: [] } } };
      store.put(warned);
      store.put(failed);
      store.put({ ...trace('profiled'), profile: { thread: 'edge', intervalUs: 100, startMs: 0, setupMs: 1, durationMs: 1, samples: 1, idleMs: 0, hot: [], bytes: 2 } }, '{}');
      store.put(trace('plain'));
      for (const t of many('after', NEWEST_KEPT_AS_OBJECTS)) store.put(t);
      expect(store.get('warned')?.warnings).toEqual(warned.warnings);
      expect(store.get('failed')?.response?.status).toBe(502);
      expect(store.get('profiled')?.id).toBe('profiled');
      expect(store.profile('profiled')).toBe('{}');
      expect(store.get('plain')).toBeUndefined();
    });

    it('says in its 404 that traces were dropped under load, and how many', () => {
      const { store } = loaded(NEWEST_KEPT_AS_OBJECTS);
      for (const t of many('x', NEWEST_KEPT_AS_OBJECTS * 2 + 3)) store.put(t);
      const reply = answerTraceRoute(store, 'GET', '/__weft/trace/x0');
      expect(reply.status).toBe(404);
      expect(JSON.parse(reply.body).error).toBe(`no trace with id x0 (only the last ${NEWEST_KEPT_AS_OBJECTS} are kept; under load, beyond the newest ${NEWEST_KEPT_AS_OBJECTS} only 10 a second and those with a failure, a warning or a profile are, and ${NEWEST_KEPT_AS_OBJECTS + 3} were not)`);
    });

    it('hands out copies of the newest too', () => {
      const { store } = loaded(5);
      store.put(trace('n'));
      store.get('n')?.warnings.push({ code: 'x', message: 'changed by a reader' });
      store.recent()[0]?.stages.push({ stage: 'origin', kind: 'system', status: 'Done', startMs: 0, wallMs: 0, requestHeaderChanges: [], responseHeaderChanges: [], variableChanges: [] });
      expect(store.get('n')).toEqual(trace('n'));
    });
  });
});
