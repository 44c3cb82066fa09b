/**
 * A composition's plan as worker code sends it (the report hook's kind 'plan'): the recorder checks
 * it as untrusted input (bounded, schema-checked) and matches each source's sub-requests by method
 * and URL, in call order, each id claimed once.
 */
import { describe, expect, it } from 'vitest';
import { TraceRecorder } from '../../src/trace/recorder.ts';

function recorder(): TraceRecorder {
  let now = 0;
  const r = new TraceRecorder('t1', { method: 'GET', scheme: 'http', host: 'shop.test', url: '/', clientIp: '127.0.0.1', headers: { lines: [] } }, () => now++);
  const sub = (id: number, url: string, startedAt: number, durationMs: number) => ({
    id, method: 'GET', url, status: 200, error: undefined, durationMs, totalDurationMs: durationMs + 1, bodyError: undefined, rateLimitedMs: 0, startedAt, notes: [],
  });
  r.subrequest('responseProvider', sub(1, 'https://api.test/a', 10, 5) as never);
  r.subrequest('responseProvider', sub(2, 'https://api.test/a', 20, 5) as never);
  r.subrequest('responseProvider', sub(3, 'http://shop.test/rel', 30, 2) as never);
  return r;
}

const plan = (sources: unknown[]) => JSON.stringify({ kind: 'api', partial: false, sources });
const src = (name: string, url?: string, attempts = 1) => ({ name, dependsOn: [], outcome: 'ran', ...(url === undefined ? {} : { request: { method: 'GET', url, attempts } }) });

describe('TraceRecorder.composition', () => {
  it('claims each sub-request once, in call order, and times a source from its sub-requests', () => {
    const r = recorder();
    r.composition('responseProvider', plan([src('first', 'https://api.test/a'), src('second', 'https://api.test/a'), src('relative', '/rel')]));
    const [entry] = r.trace.compositions;
    expect(entry?.sources.map((s) => [s.name, s.subrequestIds])).toEqual([['first', [1]], ['second', [2]], ['relative', [3]]]);
    expect(entry?.sources[0]).toMatchObject({ startMs: 10, durationMs: 6 });
    // A second composition of the same handler does not claim them again.
    r.composition('responseProvider', plan([src('again', 'https://api.test/a')]));
    expect(r.trace.compositions[1]?.sources[0]?.subrequestIds).toEqual([]);
  });

  it('drops what is not a plan with a compose-plan warning, never failing the request', () => {
    const r = recorder();
    r.composition('responseProvider', 'not json');
    r.composition('responseProvider', JSON.stringify({ kind: 'api', partial: false, sources: [{ name: 'x', dependsOn: [], outcome: 'exploded' }] }));
    r.composition('responseProvider', plan([src('x'.repeat(70_000))]));
    expect(r.trace.compositions).toEqual([]);
    expect(r.trace.warnings.map((w) => [w.code, w.stage])).toEqual([['compose-plan', 'responseProvider'], ['compose-plan', 'responseProvider'], ['compose-plan', 'responseProvider']]);
    expect(r.trace.warnings[0]?.message).toBe('a composition plan is not JSON; the viewer shows no plan for it');
    expect(r.trace.warnings[1]?.message).toMatch(/^a composition plan does not match its schema: sources\.0\.outcome: /);
    expect(r.trace.warnings[2]?.message).toMatch(/over the 65536-character bound/);
  });
});
