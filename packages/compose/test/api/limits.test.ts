import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubrequestRecord } from '@weft/platform';
import { api, captureContext, defineSource, orderGraph, runGraph } from '../../src/index.ts';
import { makeRequest, onEdge, readResponse } from '../helpers/edge.ts';
import { startOrigin, type Origin } from '../helpers/origin.ts';

let origin: Origin;
const big = { rows: Array.from({ length: 3000 }, (_, i) => ({ id: i, label: `row number ${i} with some text ✓` })) };
beforeAll(async () => {
  origin = await startOrigin({
    '/big': { json: big },
    '/fast': { json: { ok: true }, delayMs: 30 },
    '/slowish': { json: { ok: true }, delayMs: 150 },
  });
});
afterAll(() => origin.close());
const setup = () => ({ hosts: { 'api.test': origin.url } });

describe('platform limits the toolkit respects', () => {
  it('streams a merged body over 100,000 bytes (spec §9: a string body may hold at most 100,000 bytes)', async () => {
    const composition = api().source('big', { url: 'https://api.test/big' }).respond();
    const created = await onEdge(setup(), () => composition.handle(makeRequest()));
    const response = await readResponse(created);
    expect(response.status).toBe(200);
    expect(new TextEncoder().encode(response.text).length).toBeGreaterThan(100_000);
    expect(JSON.parse(response.text)).toEqual({ big });
  });

  it('refuses a composition of more sources than the 50 sub-requests responseProvider may make (spec §21)', () => {
    const specs = Array.from({ length: 51 }, (_, i) => defineSource(`s${i}`, { url: `/s/${i}` }));
    expect(() => orderGraph(specs)).toThrow(/a composition of 51 sources cannot run: responseProvider allows 50 sub-requests \(spec §21\)/);
  });

  it('with a frozen clock (spec §1.3: Date does not advance inside a handler) a dependent gets only what the deadline leaves after its dependency timeout', async () => {
    // "first" answers in 30 ms but may take up to its 300 ms timeout; without a moving clock the
    // budget must assume it did, so "second" gets 400 - 300 = 100 ms and cannot wait 150 ms.
    const specs = orderGraph([
      defineSource('first', { url: 'https://api.test/fast', timeout: 300 }),
      defineSource('second', { dependsOn: ['first'], url: 'https://api.test/slowish', failure: 'optional' }),
    ]);
    const frozen = await onEdge(setup(), () => runGraph(specs, captureContext(makeRequest()), { deadline: 400, clock: () => 1_700_000_000_000 }));
    const second = frozen.sources.second.outcome;
    expect(second.state === 'failed' && second.error.message).toMatch(/timeout 100 ms/);
    // With a clock that moves, the same composition knows only ~30 ms went by and lets it finish.
    const moving = await onEdge(setup(), () => runGraph(specs, captureContext(makeRequest()), { deadline: 400 }));
    expect(moving.sources.second.state).toBe('fulfilled');
  });
});

describe('parallel sub-requests (spec §21: responseProvider runs at most 5 at once; more are queued by the platform)', () => {
  it('by default the toolkit keeps to 5 itself, so the platform never has to queue', async () => {
    const wide = await startOrigin({ '/w': { json: 1, delayMs: 40 } });
    try {
      const url = 'https://wide.test/w';
      const seven = (concurrency?: number) =>
        api(concurrency === undefined ? {} : { concurrency })
          .source('s0', { url })
          .source('s1', { url })
          .source('s2', { url })
          .source('s3', { url })
          .source('s4', { url })
          .source('s5', { url })
          .source('s6', { url })
          .respond();
      const records: SubrequestRecord[] = [];
      await onEdge({ hosts: { 'wide.test': wide.url } }, () => seven().handle(makeRequest()), records);
      expect(records).toHaveLength(7);
      expect(records.filter((r) => r.rateLimitedMs !== undefined)).toEqual([]);
      expect(wide.peakInFlight).toBe(5);

      // Asking for more than the platform allows only moves the queue into the platform.
      const queued: SubrequestRecord[] = [];
      await onEdge({ hosts: { 'wide.test': wide.url } }, () => seven(10).handle(makeRequest()), queued);
      expect(queued.filter((r) => r.rateLimitedMs !== undefined).length).toBeGreaterThan(0);
    } finally {
      await wide.close();
    }
  });
});
