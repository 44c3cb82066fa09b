/**
 * Issue 14, CPU profiles: a request sent with `x-weft-profile: 1` gets a CPU profile of its
 * handlers, on its edge thread (EdgePool) or on the main thread (in-process). The trace says which
 * functions were hottest, at their TypeScript positions; the `.cpuprofile` is served at
 * `/__weft/trace/:id/profile.cpuprofile`. A request without the header has none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgePool } from '../../src/isolation/edge-pool.ts';
import { InProcessEdge } from '../../src/isolation/in-process-edge.ts';
import type { Edge } from '../../src/isolation/types.ts';
import type { CpuProfile } from '../../src/profile/cpu-profile.ts';
import type { Trace } from '../../src/trace/schema.ts';
import { header, request, text } from '../isolation/helpers.ts';
import { hotBundle, hottest, LOOP_LINE, SPIN_LINE } from './fixtures.ts';

const HOST: [string, string] = ['host', 'www.example.com'];

async function get(edge: Edge, url: string): Promise<{ status: number; text: string; type: string | undefined; disposition: string | undefined }> {
  const response = await edge.handle(request(url));
  return { status: response.status, text: await text(response), type: header(response, 'content-type'), disposition: header(response, 'content-disposition') };
}

/** The trace is stored once the answer is complete and, for a profiled request, its profile read. */
async function traceOf(edge: Edge, id: string): Promise<Trace> {
  for (let i = 0; i < 200; i++) {
    const reply = await get(edge, `/__weft/trace/${id}`);
    if (reply.status === 200) return JSON.parse(reply.text) as Trace;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`trace ${id} was never stored`);
}

describe.each([
  ['EdgePool', 'edge', (bundle: string) => EdgePool.create({ bundle, options: { tier: 280 }, spare: false })],
  ['InProcessEdge', 'main', (bundle: string) => InProcessEdge.create({ bundle, options: { tier: 280 } })],
] as const)('%s: x-weft-profile', (_name, thread, create) => {
  let edge: Edge;
  beforeAll(async () => {
    edge = await create(await hotBundle());
  }, 30_000);
  afterAll(() => edge.close());

  it('records a CPU profile of the handlers: the hottest function at its TypeScript position, the .cpuprofile served for DevTools', async () => {
    const response = await edge.handle(request('/hot', { headers: [HOST, ['x-weft-profile', '1']] }));
    // The header is Weft's: removed before the worker sees the request.
    expect(await text(response)).toBe('no flag, /hot spun true');
    const id = header(response, 'x-weft-trace-id') ?? '';
    const trace = await traceOf(edge, id);
    const profile = trace.profile;
    expect(profile).toMatchObject({ thread, intervalUs: 100 });
    expect(profile?.samples).toBeGreaterThan(0);
    expect(profile?.bytes).toBeGreaterThan(0);
    expect(profile?.durationMs).toBeGreaterThan(0);
    // The profiler starts before the handler's own start time: its start-up is not the handler's.
    const stage = trace.stages.find((record) => record.stage === 'responseProvider');
    expect(stage?.startMs).toBeGreaterThanOrEqual((profile?.startMs ?? 0) + (profile?.setupMs ?? 0));
    expect(profile?.hot[0]).toMatchObject({ function: 'spin', kind: 'worker', file: 'src/hot.ts', line: SPIN_LINE, hotLine: LOOP_LINE });
    expect(profile?.hot[0]?.selfMs).toBeGreaterThan(0);
    // The handler that called it: total time includes spin's.
    const provider = profile?.hot.find((entry) => entry.function === 'responseProvider');
    if (provider !== undefined) expect(provider).toMatchObject({ kind: 'worker', file: 'src/main.ts' });
    expect(profile?.hot.some((entry) => entry.kind === 'weft' || entry.kind === 'platform')).toBe(true);

    const served = await get(edge, `/__weft/trace/${id}/profile.cpuprofile`);
    expect(served.status).toBe(200);
    expect(served.type).toBe('application/json; charset=utf-8');
    expect(served.disposition).toBe(`attachment; filename="weft-${id}.cpuprofile"`);
    const cpuprofile = JSON.parse(served.text) as CpuProfile;
    expect(Buffer.byteLength(served.text)).toBe(profile?.bytes);
    // What DevTools needs: a call tree, and samples with their time deltas, one each.
    expect(cpuprofile.nodes.length).toBeGreaterThan(1);
    expect(cpuprofile.endTime).toBeGreaterThan(cpuprofile.startTime);
    expect(cpuprofile.samples?.length).toBe(cpuprofile.timeDeltas?.length);
    expect(cpuprofile.samples?.length).toBe(profile?.samples);
    const ids = new Set(cpuprofile.nodes.map((node) => node.id));
    expect(cpuprofile.samples?.every((sample) => ids.has(sample))).toBe(true);
    for (const node of cpuprofile.nodes) for (const child of node.children ?? []) expect(ids.has(child)).toBe(true);
    // The worker's frames name its TypeScript (0-based, as the format has it).
    expect(hottest(cpuprofile)).toMatchObject({ functionName: 'spin', url: 'src/hot.ts', lineNumber: SPIN_LINE - 1 });
  }, 30_000);

  it('gives concurrent profiled requests on one thread one run of the profiler, each its own window, the hot function still right', async () => {
    // spin's second and third calls: the second enters loop code V8 compiled during the first,
    // before this run of the profiler, which only a deoptimized start (thread-profile.ts) attributes right.
    const responses = await Promise.all([1, 2].map(() => edge.handle(request('/hot', { headers: [HOST, ['x-weft-profile', '1']] }))));
    const traces = await Promise.all(responses.map(async (response) => {
      await text(response);
      return traceOf(edge, header(response, 'x-weft-trace-id') ?? '');
    }));
    for (const trace of traces) {
      expect(trace.profile?.hot[0]).toMatchObject({ function: 'spin', kind: 'worker', file: 'src/hot.ts', line: SPIN_LINE });
      expect(trace.profile?.note).toMatch(/^Other profiled requests ran on this thread at the same time: they shared one run of the profiler/);
      const served = JSON.parse((await get(edge, `/__weft/trace/${trace.id}/profile.cpuprofile`)).text) as CpuProfile;
      expect(served.samples?.length).toBe(trace.profile?.samples);
      expect(served.timeDeltas?.length).toBe(served.samples?.length);
      expect(hottest(served)).toMatchObject({ functionName: 'spin', url: 'src/hot.ts', lineNumber: SPIN_LINE - 1 });
    }
  }, 30_000);

  it('records nothing for a request without the header, and answers 404 for a profile it does not have', async () => {
    const response = await edge.handle(request('/hot', { headers: [HOST] }));
    expect(await text(response)).toBe('no flag, /hot spun true');
    const id = header(response, 'x-weft-trace-id') ?? '';
    expect((await traceOf(edge, id)).profile).toBeUndefined();
    const none = await get(edge, `/__weft/trace/${id}/profile.cpuprofile`);
    expect(none.status).toBe(404);
    expect(JSON.parse(none.text)).toEqual({ error: `trace ${id} has no CPU profile; send the request again with the header x-weft-profile: 1` });
    const unknown = await get(edge, '/__weft/trace/no-such-id/profile.cpuprofile');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toEqual({ error: 'no trace with id no-such-id, so no CPU profile either' });
  }, 30_000);

  it('answers 400 for a profile header that is neither 1 nor 0', async () => {
    const response = await edge.handle(request('/', { headers: [HOST, ['x-weft-profile', 'yes please']] }));
    expect(response.status).toBe(400);
    expect(await text(response)).toMatch(/x-weft-profile: expected 1 \(record a CPU profile of this request's handlers\) or 0, got "yes please"/);
  });
});
