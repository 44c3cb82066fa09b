import { describe, expect, it } from 'vitest';
import { TraceStore, answerTraceRoute, type Trace } from '../../src/index.ts';

const trace = (id: string): Trace => ({ id, startedAt: '', durationMs: 0, request: { method: 'GET', scheme: 'http', host: 'h', url: `/${id}`, clientIp: '1' }, simulation: { variables: {} }, stages: [], subrequests: [], logs: [], warnings: [], complete: true });

describe('trace store and routes', () => {
  it('keeps the most recent traces up to its capacity', () => {
    const store = new TraceStore(2);
    for (const id of ['a', 'b', 'c']) store.put(trace(id));
    expect(store.get('a')).toBeUndefined();
    expect(store.recent().map((t) => t.id)).toEqual(['c', 'b']);
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
});
