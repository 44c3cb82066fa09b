import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { currentThreadId, runQueueWaitMs, threadCpuMs, ThreadCpuClock } from '../../src/isolation/thread-cpu.ts';

describe('ThreadCpuClock', () => {
  const id = currentThreadId();
  it.skipIf(id === undefined)('reads the CPU time of one thread, which grows while it computes', () => {
    const clock = new ThreadCpuClock(id ?? 0);
    const before = clock.readMs();
    const end = performance.now() + 30;
    while (performance.now() < end) { /* spin */ }
    const after = clock.readMs();
    expect(before).toBeTypeOf('number');
    expect((after ?? 0) - (before ?? 0)).toBeGreaterThan(0);
  });

  it('returns undefined for a thread that does not exist', () => {
    expect(new ThreadCpuClock(2 ** 30).readMs()).toBeUndefined();
  });
});

describe('the calling thread’s own clocks', () => {
  const hasProc = threadCpuMs() !== undefined;
  it.skipIf(!hasProc)('threadCpuMs counts this thread’s computing, not its sleeping', () => {
    const start = threadCpuMs() ?? 0;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60);
    const slept = (threadCpuMs() ?? 0) - start;
    const end = performance.now() + 30;
    while (performance.now() < end) { /* spin */ }
    const spun = (threadCpuMs() ?? 0) - start - slept;
    expect(slept).toBeLessThan(30);
    expect(spun).toBeGreaterThan(0);
  });

  it.skipIf(!hasProc)('runQueueWaitMs grows while other threads keep every core busy', async () => {
    // More spinning threads than cores: this thread has to wait for a CPU while it computes.
    const spinners = Array.from({ length: availableParallelism() + 1 }, () => new Worker('const end = Date.now() + 400; while (Date.now() < end) {}', { eval: true }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = runQueueWaitMs() ?? 0;
    const end = performance.now() + 200;
    while (performance.now() < end) { /* compete */ }
    const waited = (runQueueWaitMs() ?? 0) - before;
    await Promise.all(spinners.map((spinner) => spinner.terminate()));
    expect(waited).toBeGreaterThan(0);
  });
});
