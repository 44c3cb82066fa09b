/**
 * Issue 17 end to end through the runtime: the fixture worker (fixtures/runtime/issue17-worker.ts)
 * is bundled and served by @weft/testing's startWorker, its sources are a real loopback origin, and
 * what is checked is what a client and the trace get: the `errors` list of a composed answer, the
 * request body's problem documents, and each composition's plan in `trace.compositions`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '@weft/testing';
import { startOrigin, type Origin } from '../helpers/origin.ts';

let origin: Origin;
let worker: RunningWorker;

beforeAll(async () => {
  origin = await startOrigin({
    '/user': { json: { id: 'u1', name: 'Ada' }, headers: { 'cache-control': 'max-age=60' } },
    '/down': { status: 503, json: { internal: 'stack trace' } },
    '/cart/u1': { json: { items: 2 } },
    '/price/SCARF': { json: { amount: 10 } },
    '/echo': (_request, body) => ({ json: { got: JSON.parse(body) as unknown } }),
    // Answers only when the test ends: the source's timeout is what ends its wait.
    '/hang': { delayMs: 60_000 },
  });
  worker = await startWorker({ entry: new URL('../fixtures/runtime/issue17-worker.ts', import.meta.url), options: { hosts: { 'api.test': origin.url } } });
});
afterAll(async () => {
  await worker?.close();
  await origin?.close();
});

const json = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => ({ method: 'POST', headers, body: JSON.stringify(body) });

describe('errors list (respond({ errors }))', () => {
  it('without a merge: one entry per source without data of its own, at /<name>, next to the partial flag', async () => {
    const sent = await worker.send('/plain');
    expect(sent.status).toBe(200);
    expect(sent.headers.get('x-compose-completed')).toBe('false');
    expect(sent.json()).toEqual({
      user: { id: 'u1', name: 'Ada' },
      recs: [],
      errors: [
        { source: 'recs', path: '/recs', reason: 'status', fallback: true, status: 503 },
        { source: 'promo', path: '/promo', reason: 'skipped', fallback: false },
        { source: 'stock', path: '/stock', reason: 'timeout', fallback: false },
      ],
    });
    // Never an upstream URL or an upstream answer.
    expect(sent.text).not.toMatch(/api\.test|stack trace/);
  });

  it('with a merge: the declared JSON Pointer, and null for a source whose place the merge did not declare', async () => {
    const sent = await worker.send('/merged');
    expect(sent.json()).toEqual({
      name: 'Ada',
      recommendations: [],
      badge: null,
      errors: [
        { source: 'recs', path: '/recommendations', reason: 'status', fallback: true, status: 503 },
        { source: 'badge', path: null, reason: 'status', fallback: false, status: 503 },
      ],
    });
  });

  it('is off by default: the same failure leaves the answer as it was', async () => {
    const sent = await worker.send('/quiet');
    expect(sent.headers.get('x-compose-completed')).toBe('false');
    expect(sent.json()).toEqual({ user: { id: 'u1', name: 'Ada' }, recs: [] });
  });
});

describe('request body (api({ body }))', () => {
  it('valid (zod/mini): the parsed body reaches the sources ({body.sku}) and the merge, typed', async () => {
    const before = origin.hits.length;
    const sent = await worker.send('/orders', json({ sku: 'SCARF', qty: 3 }));
    expect(sent.status).toBe(200);
    expect(sent.json()).toEqual({ sku: 'SCARF', total: 30 });
    expect(origin.hits.slice(before)).toEqual(['GET /price/SCARF']);
  });

  it('invalid: 422 problem+json listing each issue with its JSON Pointer, before any source is called', async () => {
    const before = origin.hits.length;
    const sent = await worker.send('/orders', json({ sku: '', qty: 1.5, lines: [{ note: 7 }] }));
    expect(sent.status).toBe(422);
    expect(sent.headers.get('content-type')).toBe('application/problem+json');
    expect(sent.headers.get('cache-control')).toBe('no-store');
    const problem = sent.json<{ type: string; status: number; errors: Array<{ pointer: string; detail: string }> }>();
    expect(problem).toMatchObject({ type: 'urn:weft:compose:request-body-invalid', status: 422, instance: '/orders' });
    expect(problem.errors.map((e) => e.pointer)).toEqual(['/sku', '/qty', '/lines/0/note']);
    expect(problem.errors.every((e) => e.detail.length > 0)).toBe(true);
    expect(origin.hits.length).toBe(before);
  });

  it('a hand-written Standard Schema: its parsed value feeds a source body; its issue comes back with its pointer', async () => {
    const ok = await worker.send('/ping', json({ n: 41 }));
    expect(ok.json()).toEqual({ echo: { got: { n: 42 } } });
    const bad = await worker.send('/ping', json({ n: 'x' }));
    expect(bad.status).toBe(422);
    expect(bad.json()).toMatchObject({ errors: [{ pointer: '/n', detail: 'expected a number' }] });
  });

  it('not JSON, missing, too large, or of another media type: each its own problem', async () => {
    const cases: Array<[Parameters<RunningWorker['send']>[1], number, string]> = [
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku":' }, 400, 'request-body-not-json'],
      [{ method: 'POST' }, 400, 'request-body-missing'],
      [{ method: 'GET' }, 400, 'request-body-missing'],
      [json({ sku: 'SCARF', qty: 1, pad: 'x'.repeat(600) }), 413, 'request-body-too-large'],
      [{ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'sku=SCARF&qty=1' }, 415, 'request-body-media-type'],
      [{ method: 'POST', body: '{"sku":"SCARF","qty":1}' }, 415, 'request-body-media-type'],
    ];
    const before = origin.hits.length;
    for (const [init, status, type] of cases) {
      const sent = await worker.send('/orders', init);
      expect([sent.status, sent.json<{ type: string }>().type]).toEqual([status, `urn:weft:compose:${type}`]);
      expect(sent.json<{ detail: string }>().detail).toMatch(/JSON|body/);
    }
    expect(origin.hits.length).toBe(before);
  });
});

describe('the plan in the trace (trace.compositions)', () => {
  it('every source with its dependencies, outcome, reason and its sub-requests by id, timed from them', async () => {
    const { trace } = await worker.send('/chain');
    expect(trace.compositions).toHaveLength(1);
    const [plan] = trace.compositions;
    expect(plan).toMatchObject({ handler: 'responseProvider', kind: 'api', name: '/chain', partial: true });
    const byName = Object.fromEntries(plan?.sources.map((s) => [s.name, s]) ?? []);
    expect(Object.keys(byName)).toEqual(['user', 'cart', 'recs', 'promo', 'gift']);
    expect(byName.cart).toMatchObject({ dependsOn: ['user'], outcome: 'ran' });
    expect(byName.recs).toMatchObject({ outcome: 'fell-back' });
    expect(byName.recs?.reason).toMatch(/^status: GET https:\/\/api\.test\/down answered 503/);
    expect(byName.promo).toMatchObject({ outcome: 'skipped', reason: 'its when condition was false', subrequestIds: [] });
    expect(byName.gift).toMatchObject({ dependsOn: ['promo'], outcome: 'skipped', reason: 'no value from "promo"' });
    // Each id is a sub-request of the same trace, to the URL the source asked for.
    const url = (id: number) => trace.subrequests.find((s) => s.id === id)?.url;
    expect(byName.user?.subrequestIds.map(url)).toEqual(['https://api.test/user']);
    expect(byName.cart?.subrequestIds.map(url)).toEqual(['https://api.test/cart/u1']);
    expect(byName.recs?.subrequestIds.map(url)).toEqual(['https://api.test/down', 'https://api.test/down']);
    const ids = plan?.sources.flatMap((s) => s.subrequestIds) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
    // The dependent's bar starts where its dependency's sub-request had answered.
    const user = trace.subrequests.find((s) => s.id === byName.user?.subrequestIds[0]);
    expect(byName.user?.startMs).toBe(user?.startMs);
    expect(byName.cart?.startMs).toBeGreaterThanOrEqual((user?.startMs ?? 0) + (user?.durationMs ?? 0));
    expect(byName.user?.durationMs).toBeGreaterThan(0);
  });

  it('a timed-out source, and the sources a required failure left unfinished', async () => {
    const plain = (await worker.send('/plain')).trace.compositions[0];
    expect(plain?.sources.find((s) => s.name === 'stock')).toMatchObject({ outcome: 'timed-out' });
    expect(plain?.sources.find((s) => s.name === 'stock')?.subrequestIds).toHaveLength(1);
    const strict = await worker.send('/strict');
    expect(strict.status).toBe(502);
    expect(strict.trace.compositions[0]?.sources.map((s) => [s.name, s.outcome])).toEqual([['user', 'ran'], ['cart', 'failed'], ['later', 'skipped']]);
    expect(strict.trace.compositions[0]?.partial).toBe(true);
  });

  it('a request answered by a problem before any source sends no plan', async () => {
    const { trace } = await worker.send('/orders', { method: 'POST' });
    expect(trace.compositions).toEqual([]);
    expect(trace.warnings.filter((w) => w.code === 'compose-plan')).toEqual([]);
  });
});
