/**
 * What running the pipeline in an edge thread costs per request: the same trivial pipeline and
 * worker, in-process (the peer: no thread, no CPU guard) vs through EdgePool (heads as messages,
 * bodies as transferred buffers, heartbeat watchdog), at concurrency 1 (latency) and 32 (throughput).
 */
import { EdgePool } from '../packages/runtime/src/isolation/edge-pool.ts';
import { InProcessEdge } from '../packages/runtime/src/isolation/in-process-edge.ts';
import type { Edge } from '../packages/runtime/src/isolation/types.ts';
import { writeBundle } from '../packages/runtime/test/loader/bundle-fixtures.ts';
import { PROBE_WORKER } from '../packages/runtime/test/isolation/fixtures/workers.ts';
import { bytes, request } from '../packages/runtime/test/isolation/helpers.ts';
import { recordRows } from './support/results.ts';

const pipeline = { module: new URL('../packages/runtime/test/isolation/fixtures/probe-pipeline.ts', import.meta.url).href };
const bundle = writeBundle({ 'main.js': PROBE_WORKER });

async function one(edge: Edge): Promise<void> {
  const response = await edge.handle(request('/bench'));
  await bytes(response.body);
}

async function measure(edge: Edge, concurrency: number, total: number): Promise<number> {
  let started = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (started < total) {
      started++;
      await one(edge);
    }
  }));
  return (performance.now() - t0) / total;
}

const inProcess = await InProcessEdge.create({ bundle, pipeline });
const pool = await EdgePool.create({ bundle, pipeline, spare: false });
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const rows: Array<{ concurrency: number; inProcessUs: number; poolUs: number }> = [];
for (const concurrency of [1, 32]) {
  const total = concurrency === 1 ? 2000 : 8000;
  await measure(inProcess, concurrency, 1000);
  await measure(pool, concurrency, 1000);
  // Alternating rounds and the median keep a busy machine from favouring one side.
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < 5; round++) {
    a.push((await measure(inProcess, concurrency, total)) * 1000);
    b.push((await measure(pool, concurrency, total)) * 1000);
  }
  rows.push({ concurrency, inProcessUs: median(a), poolUs: median(b) });
}
await pool.close();
console.log('| concurrency | in-process µs/req (median of 5) | EdgePool µs/req | added by the thread hop | ratio |');
console.log('|---|---|---|---|---|');
for (const row of rows) {
  console.log(`| ${row.concurrency} | ${row.inProcessUs.toFixed(1)} | ${row.poolUs.toFixed(1)} | ${(row.poolUs - row.inProcessUs).toFixed(1)} µs | ${(row.poolUs / row.inProcessUs).toFixed(2)}x |`);
}
recordRows('edge-isolation', rows.map((row) => ({ row: `EdgePool thread hop at concurrency ${row.concurrency}: µs per request added over in-process`, target: '-', figure: `${(row.poolUs - row.inProcessUs).toFixed(1)} µs (${(row.poolUs / row.inProcessUs).toFixed(2)}x)`, met: undefined })));
