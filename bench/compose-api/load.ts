/**
 * Closed-loop load: `clients` concurrent callers, each calling again as soon as its last call
 * answered. Latencies of 200 answers are samples; any other status is counted in `failures`.
 *
 * The clients start spread over one cycle (the critical path) rather than all at once, and the
 * first cycle is not sampled: otherwise every client fires in the same millisecond, every one of
 * the 500 sub-requests of that instant answers in the same millisecond 100 ms later, and the
 * figure measures a synchronised burst that a steady stream of 100 visitors never produces.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export const failures = new Map<string, number>();

export interface SteadyLoad {
  clients: number;
  /** Sampled time, after the warm-up cycle. */
  seconds: number;
  /** The critical path: client starts spread over it, and the first one is not sampled. */
  cycleMs: number;
}

export async function steadyLoad({ clients, seconds, cycleMs }: SteadyLoad, call: () => Promise<number>, label = ''): Promise<number[]> {
  const samples: number[] = [];
  const sampleFrom = performance.now() + cycleMs * 1.5;
  const end = sampleFrom + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      await sleep((i * cycleMs) / clients);
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await call();
        if (status !== 200) failures.set(`${label} (status ${status})`, (failures.get(`${label} (status ${status})`) ?? 0) + 1);
        else if (t0 >= sampleFrom) samples.push(performance.now() - t0);
      }
    }),
  );
  return samples;
}

/** `clients` callers making `perClient` calls each, all starting at once (warm-up and CPU blocks). */
export async function closedLoop(clients: number, perClient: number, call: () => Promise<number>): Promise<void> {
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < perClient; i++) await call();
    }),
  );
}

/** CPU time (user + system) of this process per call, over `calls` sequential calls. */
export async function cpuPerCall(calls: number, call: () => Promise<number>): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const status = await call();
    if (status !== 200) throw new Error(`status ${status}`);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / calls;
}
