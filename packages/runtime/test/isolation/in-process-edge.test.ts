import { describe, expect, it } from 'vitest';
import { InProcessEdge } from '../../src/isolation/in-process-edge.ts';
import { writeBundle } from '../loader/bundle-fixtures.ts';
import { PROBE_WORKER } from './fixtures/workers.ts';
import { bytes, json, PROBE, request, text } from './helpers.ts';


describe('InProcessEdge', () => {
  it('runs the pipeline against the sandbox in the calling thread, keeping module state', async () => {
    const edge = await InProcessEdge.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER, 'bundle.json': '{"edgeworker-version":"3.1"}' }), pipeline: PROBE, options: { ewId: 42 } });
    const first = await json(edge, '/a');
    const second = await json(edge, '/b');
    expect(first.body).toMatchObject({ status: 'Success', value: { served: 1, path: '/a' } });
    expect(second.body).toMatchObject({ value: { served: 2, path: '/b' } });
    expect(edge.info).toMatchObject({ version: '3.1', ewId: 42 });
  });

  it('passes request bodies to the pipeline and streams response bodies', async () => {
    const edge = await InProcessEdge.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE });
    const echoed = JSON.parse(await text(await edge.handle(request('/echo', { body: 'hello body' })))) as { value: { body: string } };
    expect(echoed.value.body).toBe('hello body');
    const big = await edge.handle(request('/big?size=100000'));
    expect((await bytes(big.body)).byteLength).toBe(100_000);
  });

  it('fails a never-settling handler with WallTimeoutError at the configured limit', async () => {
    const edge = await InProcessEdge.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE, sandbox: { overrides: { wallMs: 60 } } });
    const { status, body } = await json(edge, '/?mode=hang');
    expect(status).toBe(500);
    expect(body).toMatchObject({ status: 'WallTimeoutError' });
  });

  // spec §21.1 (tier 100: 10 ms CPU per handler), §2.6: without a watchdog, vm's timer
  // (stopWithTimer, as weft dev's in-process start uses) ends a stuck call with the platform's
  // CpuTimeoutError, and the caller's thread, its module state and later requests carry on.
  it('stops an endless loop with CpuTimeoutError when asked to (stopWithTimer), before or after an await', async () => {
    const edge = await InProcessEdge.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE, options: { tier: 100 }, sandbox: { stopWithTimer: true } });
    await json(edge, '/first');
    for (const mode of ['loop', 'await-loop']) {
      const looping = await json(edge, `/?mode=${mode}`);
      expect(looping.status).toBe(500);
      expect(looping.body).toMatchObject({ status: 'CpuTimeoutError' });
    }
    expect((await json(edge, '/after')).body).toMatchObject({ status: 'Success', value: { served: 4, path: '/after' } });
  });

  it('runs one instance per request when asked (decision 29)', async () => {
    const edge = await InProcessEdge.create({ bundle: writeBundle({ 'main.js': PROBE_WORKER }), pipeline: PROBE, sandbox: { instancePerRequest: true } });
    await json(edge, '/a');
    expect((await json(edge, '/b')).body).toMatchObject({ value: { served: 1 } });
  });
});
