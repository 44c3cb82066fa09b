/** Host-side work over several items at once, bounded with p-limit (bounded.ts). */
import { describe, expect, it } from 'vitest';
import { HOST_CONCURRENCY, startBounded } from '../src/bounded.ts';

describe('startBounded', () => {
  it('runs at most `concurrency` items at once and hands results back in input order', async () => {
    let active = 0;
    let peak = 0;
    const work = async (item: number): Promise<number> => {
      active += 1;
      peak = Math.max(peak, active);
      // Later items finish first: the order of the results must not follow completion.
      await new Promise((resolve) => setTimeout(resolve, 2 * (10 - item)));
      active -= 1;
      return item * 10;
    };
    const results = await Promise.all(startBounded([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], work, 3));
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(peak).toBe(3);
  });

  it('keeps going past an item that fails, which rejects only its own promise', async () => {
    const pending = startBounded(['a', 'bad', 'c'], async (item) => {
      if (item === 'bad') throw new Error('bad item');
      return item;
    }, 1);
    expect(await Promise.allSettled(pending)).toMatchObject([{ status: 'fulfilled', value: 'a' }, { status: 'rejected' }, { status: 'fulfilled', value: 'c' }]);
  });

  it('defaults to one item per CPU, at least 1 and at most 8', () => {
    expect(HOST_CONCURRENCY).toBeGreaterThanOrEqual(1);
    expect(HOST_CONCURRENCY).toBeLessThanOrEqual(8);
  });
});
