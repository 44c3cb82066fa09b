import { describe, expect, it } from 'vitest';
import type { Trace } from '@weft/runtime';
import { traceLines } from '../src/dev/trace-lines.ts';

const trace: Trace = {
  id: 'ab12-3',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 12.34,
  request: { method: 'GET', scheme: 'http', host: 'localhost', url: '/shop/1', clientIp: '127.0.0.1' },
  simulation: { variables: {} },
  stages: [
    {
      stage: 'responseProvider', kind: 'handler', status: 'Success', startMs: 1, wallMs: 5, requestHeaderChanges: [], responseHeaderChanges: [], variableChanges: [],
      error: { name: 'TypeError', message: "Cannot read properties of undefined (reading 'price')", frames: [{ file: 'src/main.ts', function: 'merge', line: 12, column: 30 }], context: "compose: merge threw, answering 500: TypeError: Cannot read properties of undefined (reading 'price')" },
    },
  ],
  subrequests: [],
  logs: [
    { handler: 'responseProvider', level: 'debug', file: 'src/main.ts', line: 4, message: 'hello' },
    { handler: 'responseProvider', level: 'warn', message: 'no position' },
  ],
  warnings: [
    { code: 'compose-fallback', message: 'compose: source "recs" failed (status), fallback used', stage: 'responseProvider' },
    { code: 'bundle', message: 'bundle.json is missing' },
  ],
  compositions: [],
  response: { status: 500, source: 'responseProvider' },
  complete: true,
};

describe('weft dev terminal lines for a trace', () => {
  it('prints the access line, then log lines, errors and warnings, each naming the request and its trace id', () => {
    expect(traceLines('shop', trace)).toEqual([
      { stream: 'info', text: 'shop: GET /shop/1 → 500 responseProvider 12.3 ms' },
      { stream: 'info', text: 'shop: GET /shop/1 [ab12-3] responseProvider D src/main.ts:4 hello' },
      { stream: 'error', text: 'shop: GET /shop/1 [ab12-3] responseProvider W no position' },
      { stream: 'error', text: "shop: GET /shop/1 [ab12-3] responseProvider compose: merge threw, answering 500: TypeError: Cannot read properties of undefined (reading 'price') (src/main.ts:12:30)" },
      { stream: 'error', text: 'shop: GET /shop/1 [ab12-3] responseProvider warning compose-fallback: compose: source "recs" failed (status), fallback used' },
    ]);
  });

  it('names the hottest worker function of a profiled request and where its .cpuprofile is', () => {
    const hot = [
      { function: '(garbage collector)', kind: 'v8' as const, selfMs: 9, totalMs: 9 },
      { function: 'spin', kind: 'worker' as const, file: 'src/hot.ts', line: 2, column: 17, selfMs: 27.31, totalMs: 27.31 },
    ];
    const profiled: Trace = { ...trace, profile: { thread: 'edge', intervalUs: 100, startMs: 0.5, setupMs: 40, durationMs: 29.8, samples: 161, idleMs: 0, hot, bytes: 9000 } };
    expect(traceLines('shop', profiled).at(-1)).toEqual({ stream: 'info', text: 'shop: GET /shop/1 [ab12-3] CPU profile: hottest worker function spin (src/hot.ts:2) 27.3 ms self, 161 samples over 29.8 ms; /__weft/trace/ab12-3/profile.cpuprofile (or the viewer)' });
    const unkept: Trace = { ...trace, profile: { thread: 'edge', intervalUs: 100, startMs: 0, setupMs: 0, durationMs: 0, samples: 0, idleMs: 0, hot: [], note: 'No handler ran for this request, so nothing was profiled.' } };
    expect(traceLines('shop', unkept).at(-1)?.text).toBe('shop: GET /shop/1 [ab12-3] CPU profile: No handler ran for this request, so nothing was profiled.');
  });
});
