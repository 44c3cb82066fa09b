import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgePool } from '../../src/isolation/edge-pool.ts';
import { writeBundle } from '../loader/bundle-fixtures.ts';
import { PROBE_WORKER } from './fixtures/workers.ts';
import { bytes, header, json, PROBE, request, text } from './helpers.ts';


describe('EdgePool (edge threads with a CPU watchdog)', () => {
  let pool: EdgePool;
  beforeAll(async () => {
    // Without interrupts, a runaway recycles its thread: the fallback every other case relies on.
    pool = await EdgePool.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE, size: 2, spare: false, interrupts: false, options: { tier: 100 } });
  });
  afterAll(() => pool.close());

  it('serves requests from a thread, keeping module state per instance', async () => {
    const first = await json(pool, '/x');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'Success', value: { path: '/x' } });
    expect(first.body.thread).not.toBe(0);
  });

  it('carries request and response bodies across the thread boundary', async () => {
    const payload = new Uint8Array(1_500_000).map((_, i) => i % 256);
    const echoed = JSON.parse(await text(await pool.handle(request('/echo', { body: payload })))) as { bodyBytes: number };
    expect(echoed.bodyBytes).toBe(1_500_000);
    const big = await pool.handle(request('/?size=2000000'));
    expect(header(big, 'content-length')).toBe('2000000');
    const received = await bytes(big.body);
    expect(received.length).toBe(2_000_000);
    expect(received[16_384]).toBe(16_384 % 251);
  });

  it('streams a response that echoes a large request body while it is still arriving', async () => {
    const payload = new Uint8Array(3_000_000).map((_, i) => (i * 7) % 256);
    const echoed = await bytes((await pool.handle(request('/?echo=1', { body: payload }))).body);
    expect(echoed.length).toBe(payload.length);
    expect(Buffer.compare(Buffer.from(echoed), Buffer.from(payload))).toBe(0);
  });

  it('stops the producer when the client goes away mid-body, and keeps serving', async () => {
    const response = await pool.handle(request('/?size=50000000'));
    const body = response.body as AsyncIterable<Uint8Array> & { destroy(): void };
    for await (const chunk of body) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect((await json(pool, '/after-cancel')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The body's source in the thread was cancelled, not left to fill memory or run forever.
    const counts = await Promise.all([1, 2, 3, 4].map(async () => JSON.parse(await text(await pool.handle(request('/?stats=1')))) as { cancelled: number }));
    // Concurrent requests spread over both instances; the one that streamed saw the cancel.
    expect(counts).toContainEqual({ cancelled: 1 });
    expect(counts).toContainEqual({ cancelled: 0 });
  });

  // spec §21.1 (tier 100: 10 ms CPU per handler), §2.6: the request fails with HTTP 500.
  it('fails an endless synchronous loop with CpuTimeoutError while the other instance keeps serving', async () => {
    // handle() places a request on the least loaded thread at once: the loop goes to the other one.
    const slow = json(pool, '/?mode=slow');
    const looping = await pool.handle(request('/?mode=loop', { headers: [['host', 'www.example.com'], ['pragma', 'akamai-x-ew-debug']] }));
    expect(looping.status).toBe(500);
    expect(header(looping, 'server')).toBe('AkamaiGHost');
    expect(header(looping, 'x-weft-failure')).toBe('CpuTimeoutError');
    expect(header(looping, 'x-akamai-edgeworker-onclientrequest-info')).toMatch(/status=Failed/);
    expect(await text(looping)).toMatch(/An error occurred while processing your request/);
    expect((await slow).body).toMatchObject({ status: 'Success' });
    const after = await json(pool, '/after');
    expect(after.body).toMatchObject({ status: 'Success', value: { path: '/after' } });
    expect(pool.events.map((e) => e.kind)).toContain('recycled');
  });

  // spec §1.5: errors of fire-and-forget promises are not reported; execution continues.
  it('survives a rejected promise nobody awaits', async () => {
    const forgot = await json(pool, '/?mode=forget');
    expect(forgot.body).toMatchObject({ status: 'Success' });
    // Give an unhandled rejection time to take the thread down, were it not handled.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await json(pool, '/next')).status).toBe(200);
    expect(pool.events.filter((e) => e.kind === 'crashed')).toEqual([]);
  });

  it('catches an endless loop after an await (no synchronous call on record)', async () => {
    const looping = await pool.handle(request('/?mode=await-loop'));
    expect(looping.status).toBe(500);
    expect(header(looping, 'x-weft-failure')).toBe('CpuTimeoutError');
    expect((await json(pool, '/again')).status).toBe(200);
  });
});

describe('EdgePool with one instance', () => {
  // spec §21.1 (tier 100: 10 ms CPU per handler), §2.6: the culprit alone fails with a 500; the
  // requests in flight beside it on the same instance, and the instance itself, carry on.
  it('stops a handler call past its CPU limit and keeps its thread, its module state and the requests beside it', async () => {
    const pool = await EdgePool.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE, spare: false, options: { tier: 100 } });
    try {
      const first = await json(pool, '/first');
      const slow = json(pool, '/?mode=slow');
      const posted = pool.handle(request('/?mode=slow', { body: 'a body the edge streamed in' }));
      const looping = await json(pool, '/?mode=loop');
      expect(looping.status).toBe(500);
      expect(looping.body).toMatchObject({ status: 'CpuTimeoutError', thread: first.body.thread });
      expect(looping.body.error).toMatch(/^onClientRequest ran \d+\.\d ms synchronously, past its 10 ms CPU limit \(tier 100\), and was stopped\.$/);
      expect((await slow).body).toMatchObject({ status: 'Success', thread: first.body.thread });
      const post = await posted;
      expect(post.status).toBe(200);
      expect(JSON.parse(await text(post))).toMatchObject({ status: 'Success', bodyBytes: 27 });
      // The same instance: its module state (the served counter) went on counting.
      const after = await json(pool, '/after');
      expect(after.body).toMatchObject({ status: 'Success', thread: first.body.thread, value: { path: '/after', served: 5 } });
      expect(pool.events.map((e) => e.kind)).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  // At the edge the culprit alone fails (spec §2.6): a request that shared the recycled instance
  // runs again elsewhere when nobody can tell (no body, an idempotent method); any other gets a 503.
  it('runs a bodiless GET that shared a recycled instance again, and answers a POST with a body 503', async () => {
    const pool = await EdgePool.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE, interrupts: false, options: { tier: 100 } });
    try {
      expect(await pool.spareReady()).toBe(true);
      // One instance: both are in flight on it (registered at once) when the loop arrives after them.
      const get = pool.handle(request('/?mode=slow'));
      const post = pool.handle(request('/?mode=slow', { body: 'a body the edge streamed in' }));
      const looping = await pool.handle(request('/?mode=loop'));
      expect(looping.status).toBe(500);
      const replayed = await get;
      expect(replayed.status).toBe(200);
      expect(JSON.parse(await text(replayed))).toMatchObject({ status: 'Success' });
      const refused = await post;
      expect(refused.status).toBe(503);
      expect(await text(refused)).toMatch(/edge instance \(thread 1\) was recycled: onClientRequest ran \d+ ms without yielding( \(over \d+ ms of it on the CPU\))?, past its 10 ms CPU limit/);
      expect(pool.events.filter((e) => e.kind === 'replayed').map((e) => e.message)).toEqual([expect.stringMatching(/^GET \/\?mode=slow runs again as request \d+: it was in flight on thread 1 when that instance was recycled\.$/)]);
      expect(pool.events.find((e) => e.kind === 'replaced')?.message).toMatch(/\(the spare\)/);
      expect((await json(pool, '/after')).status).toBe(200);
    } finally {
      await pool.close();
    }
  });

  // Every entry into the realm is a run the watchdog can stop (sandbox/realm-entry.ts), a
  // continuation after an await included, and it knows whose work it continues: the loop is that
  // request's CpuTimeoutError (§21.1), and the request pending beside it is not touched.
  it('stops a loop after an await alone, while another request is pending on the same instance', async () => {
    const pool = await EdgePool.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE, spare: false, options: { tier: 100 } });
    try {
      const [slow, looping] = await Promise.all([json(pool, '/?mode=slow'), json(pool, '/?mode=await-loop')]);
      expect(looping.status).toBe(500);
      expect(looping.body).toMatchObject({ status: 'CpuTimeoutError', thread: slow.body.thread });
      expect(looping.body.error).toMatch(/^onClientRequest ran past its 10 ms CPU limit \(tier 100\) in code that continued after an await/);
      expect(slow.body).toMatchObject({ status: 'Success' });
      expect(pool.events).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  // spec §1.5: what fire-and-forget code does after its handler finished is not reported; a loop
  // there is stopped at the CPU limit of the handler that started it, and the instance carries on.
  it('stops code a finished handler left behind (fire and forget), keeping the instance and the requests after it', async () => {
    const pool = await EdgePool.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE, spare: false, options: { tier: 100 } });
    try {
      const first = await json(pool, '/?mode=loop-later');
      expect(first.status).toBe(200);
      // The loop starts when the handler's 20 ms sub-request answers, after the handler returned.
      const [waiting, posted] = await Promise.all([json(pool, '/?mode=slow'), pool.handle(request('/?mode=slow', { body: 'x' }))]);
      expect(waiting.body).toMatchObject({ status: 'Success', thread: first.body.thread });
      expect(posted.status).toBe(200);
      expect(pool.events).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  // Without interrupts (EdgePoolOptions.interrupts: false) such a loop costs the instance: no
  // request in flight is its culprit, so a bodiless GET waiting there runs again, a POST gets a 503.
  it('without interrupts, recycles an instance stuck in code a finished handler left behind', async () => {
    const pool = await EdgePool.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE, spare: false, interrupts: false, options: { tier: 100 } });
    try {
      expect((await json(pool, '/?mode=loop-later')).status).toBe(200);
      const [waiting, posted] = await Promise.all([pool.handle(request('/?mode=slow')), pool.handle(request('/?mode=slow', { body: 'x' }))]);
      expect(waiting.status).toBe(200);
      expect(posted.status).toBe(503);
      expect(await text(posted)).toMatch(/was recycled: onClientRequest ran \d+ ms without yielding/);
      expect(pool.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['recycled', 'replayed', 'replaced']));
      expect((await json(pool, '/after')).status).toBe(200);
    } finally {
      await pool.close();
    }
  });

  // With a debugger enabled in the thread (inspect), V8 pauses near the heap limit instead of
  // ending the thread; the watchdog must still recycle it (isolation/pause-watch.ts).
  it.each([
    ['', {}],
    [', also with the thread inspected', { inspect: {} }],
  ] as const)('fails unbounded allocation with ResourceLimit and replaces the instance%s', async (_label, extra) => {
    const pool = await EdgePool.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE, spare: false, heapMb: 96, sandbox: { overrides: { cpuMs: 20_000 } }, ...extra });
    try {
      const response = await pool.handle(request('/?mode=alloc'));
      expect(response.status).toBe(500);
      expect(header(response, 'x-weft-failure')).toBe('ResourceLimit');
      expect((await json(pool, '/after')).body).toMatchObject({ status: 'Success', value: { served: 1 } });
    } finally {
      await pool.close();
    }
  });

  it('fails a never-settling handler with WallTimeoutError inside the thread', async () => {
    const pool = await EdgePool.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE, spare: false, sandbox: { overrides: { wallMs: 80 } } });
    try {
      const { status, body } = await json(pool, '/?mode=hang');
      expect(status).toBe(500);
      expect(body).toMatchObject({ status: 'WallTimeoutError' });
    } finally {
      await pool.close();
    }
  });
});
