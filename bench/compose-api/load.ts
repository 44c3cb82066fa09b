/**
 * Closed-loop load: `clients` concurrent callers, each making `perClient` calls one after another.
 * Latencies of 200 answers are samples; any other status is counted in `failures` (and not timed).
 */
import { performance } from 'node:perf_hooks';

export const failures = new Map<string, number>();

export async function closedLoop(clients: number, perClient: number, call: () => Promise<number>, label = ''): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < perClient; i++) {
        const t0 = performance.now();
        const status = await call();
        if (status === 200) samples.push(performance.now() - t0);
        else failures.set(`${label} (status ${status})`, (failures.get(`${label} (status ${status})`) ?? 0) + 1);
      }
    }),
  );
  return samples;
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
