import { describe, expect, it } from 'vitest';
import { currentThreadId, ThreadCpuClock } from '../../src/isolation/thread-cpu.ts';

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
