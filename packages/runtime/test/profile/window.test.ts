/** One request's window of a profile several requests shared. */
import { describe, expect, it } from 'vitest';
import type { CpuProfile } from '../../src/profile/cpu-profile.ts';
import { profileClockUs, profileWindow } from '../../src/profile/window.ts';

const frame = (functionName: string) => ({ functionName, scriptId: '0', url: '', lineNumber: 0, columnNumber: 0 });

const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3], hitCount: 0 },
    { id: 2, callFrame: frame('a'), hitCount: 2, positionTicks: [{ line: 1, ticks: 2 }] },
    { id: 3, callFrame: frame('b'), hitCount: 2 },
  ],
  startTime: 1000,
  endTime: 1500,
  samples: [2, 3, 2, 3],
  timeDeltas: [100, 100, 100, 100],
};

describe('profileWindow', () => {
  it('keeps the samples taken inside the window, their deltas from its start, and counts hits again', () => {
    const window = profileWindow(PROFILE, 1150, 1350);
    expect(window).toMatchObject({ startTime: 1150, endTime: 1350, samples: [3, 2], timeDeltas: [50, 100] });
    expect(window.nodes.map((node) => node.hitCount)).toEqual([0, 1, 1]);
    expect(window.nodes.every((node) => node.positionTicks === undefined)).toBe(true);
  });

  it('clips a window wider than the profile to it', () => {
    expect(profileWindow(PROFILE, 0, 9999)).toMatchObject({ startTime: 1000, endTime: 1500, samples: [2, 3, 2, 3], timeDeltas: [100, 100, 100, 100] });
  });

  it('reads the clock V8 stamps profiles with', () => {
    const now = profileClockUs();
    expect(Number.isInteger(now)).toBe(true);
    expect(profileClockUs()).toBeGreaterThanOrEqual(now);
  });
});
