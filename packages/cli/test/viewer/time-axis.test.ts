/** The viewer's time axis: round millisecond ticks. */
import { describe, expect, it } from 'vitest';
import { axisTicks, tickLabel } from '../../src/viewer/time-axis.ts';

describe('axisTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten, at most five intervals, from 0 to the total', () => {
    expect(axisTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(axisTicks(37)).toEqual([0, 10, 20, 30]);
    expect(axisTicks(2.3)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(axisTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(axisTicks(4200)).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it('has only 0 for an empty or nonsensical total', () => {
    expect(axisTicks(0)).toEqual([0]);
    expect(axisTicks(Number.NaN)).toEqual([0]);
  });

  it('labels ticks in milliseconds', () => {
    expect(axisTicks(37).map(tickLabel)).toEqual(['0', '10 ms', '20 ms', '30 ms']);
    expect(tickLabel(0.5)).toBe('0.5 ms');
  });
});
