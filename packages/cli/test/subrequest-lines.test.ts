/** weft dev's terminal line for a request's sub-requests through the cache and its subWorker calls (issue 17). */
import { describe, expect, it } from 'vitest';
import type { Trace } from '@weft/runtime';
import { traceLines } from '../src/dev/trace-lines.ts';

type Sub = Trace['subrequests'][number];
const sub = (id: number, extra: Partial<Sub>): Sub => ({ handler: 'responseProvider', id, method: 'GET', url: `https://f.example/${id}`, startMs: 0, notes: [], ...extra });

const base: Trace = {
  id: 'ab12-4', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 3, complete: true,
  request: { method: 'GET', scheme: 'http', host: 'localhost', url: '/', clientIp: '127.0.0.1' },
  simulation: { variables: {} }, stages: [], subrequests: [], logs: [], warnings: [], compositions: [],
  response: { status: 200, source: 'responseProvider' },
};

describe('weft dev: sub-request line', () => {
  it('counts cache lookups by outcome and names the subWorkers with their trace ids', () => {
    const trace: Trace = {
      ...base,
      subrequests: [
        sub(1, { cache: { lookup: 'hit', stored: false } }),
        sub(2, { cache: { lookup: 'hit', stored: false } }),
        sub(3, { cache: { lookup: 'miss', stored: false } }),
        sub(4, { subWorker: { app: 'recommendations', traceId: 'cd34-1', depth: 1 } }),
      ],
    };
    expect(traceLines('page', trace)[1]).toEqual({ stream: 'info', text: 'page: GET / [ab12-4] sub-requests: cache 2 HIT, 1 MISS; subWorker recommendations [cd34-1]' });
  });

  it('prints nothing more when no sub-request met the cache or a subWorker', () => {
    expect(traceLines('page', { ...base, subrequests: [sub(1, {})] })).toHaveLength(1);
  });
});
