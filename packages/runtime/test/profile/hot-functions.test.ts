/** Reading a CPU profile as DevTools' bottom-up view does: self and total time per function. */
import { describe, expect, it } from 'vitest';
import type { CallFrame, CpuProfile } from '../../src/profile/cpu-profile.ts';
import { readProfile } from '../../src/profile/hot-functions.ts';

const frame = (functionName: string, url = '', lineNumber = 0): CallFrame => ({ functionName, scriptId: '0', url, lineNumber, columnNumber: 0 });

// (root) → main → fib → fib (recursion), and (idle) and (garbage collector) beside main.
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 5, 6] },
    { id: 2, callFrame: frame('main', 'node:internal/x', 4), children: [3] },
    { id: 3, callFrame: frame('fib', 'node:internal/x', 9), children: [4], positionTicks: [{ line: 11, ticks: 1 }] },
    { id: 4, callFrame: frame('fib', 'node:internal/x', 9), positionTicks: [{ line: 12, ticks: 2 }] },
    { id: 5, callFrame: frame('(idle)') },
    { id: 6, callFrame: frame('(garbage collector)') },
  ],
  startTime: 1000,
  endTime: 2000,
  // Each sample lasts until the next; the last until endTime.
  samples: [4, 4, 3, 2, 5, 6],
  timeDeltas: [0, 100, 100, 100, 100, 100],
};

describe('readProfile', () => {
  it('adds self time to the function on top and total time once to each function on the stack, idle apart', () => {
    const reading = readProfile(PROFILE);
    expect(reading.samples).toBe(6);
    expect(reading.sampledUs).toBe(1000);
    expect(reading.idleUs).toBe(100);
    expect(reading.hot.map((entry) => [entry.function, entry.kind, entry.selfMs, entry.totalMs])).toEqual([
      ['fib', 'weft', 0.3, 0.3],
      ['(garbage collector)', 'v8', 0.5, 0.5],
      ['main', 'weft', 0.1, 0.4],
    ].sort((a, b) => (b[2] as number) - (a[2] as number)));
    // Host code keeps its script's position; only the worker's own lines are translated.
    expect(reading.hot.find((entry) => entry.function === 'fib')).toMatchObject({ file: 'node:internal/x', line: 10, column: 1 });
  });

  it('keeps the hottest `top` functions', () => {
    expect(readProfile(PROFILE, 1).hot.map((entry) => entry.function)).toEqual(['(garbage collector)']);
  });
});
