import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectGarbage, IdTable } from '../../src/index.ts';

describe('IdTable', () => {
  it('keeps, finds, counts and forgets entries by id', () => {
    const table = new IdTable<string>();
    expect(table.size).toBe(0);
    expect(table.get(1)).toBeUndefined();
    table.set(1, 'one').set(2, 'two');
    table.set(2, 'deux');
    expect(table.size).toBe(2);
    expect(table.has(2)).toBe(true);
    expect(table.get(2)).toBe('deux');
    expect(table.delete(1)).toBe(true);
    expect(table.delete(1)).toBe(false);
    expect(table.has(1)).toBe(false);
    expect(table.size).toBe(1);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.get(2)).toBeUndefined();
  });

  it('lists values in ascending id order, as ids are handed out', () => {
    const table = new IdTable<number>();
    for (const id of [3, 10, 7, 250_000]) table.set(id, id * 2);
    table.delete(7);
    expect(table.values()).toEqual([6, 20, 500_000]);
  });

  it('refuses ids that are not integers from 0 up', () => {
    const table = new IdTable<string>();
    for (const id of [-1, 1.5, Number.NaN, 2 ** 53]) expect(() => table.set(id, 'x')).toThrow(/ids are integers from 0 up/);
    expect(table.size).toBe(0);
  });

  // An entry that stays while thousands of later ids come and go (a long streamed response)
  // shares its slot with some of them; each must still be found, replaced and deleted alone.
  it('keeps a long-lived entry apart from the later ids that land on its slot, and grows past half full', () => {
    const table = new IdTable<number>();
    table.set(0, -1);
    for (let id = 1; id < 5000; id++) {
      table.set(id, id);
      expect(table.get(id)).toBe(id);
      if (id % 2 === 0) table.set(id, id * 10);
      expect(table.get(0)).toBe(-1);
      if (id > 3) expect(table.delete(id - 3)).toBe(true);
    }
    expect(table.values()).toEqual([-1, 4997, 4998 * 10, 4999]);
    expect(table.size).toBe(4);
    // 300 live at once: the arrays grow, and every entry is still there.
    for (let id = 10_000; id < 10_300; id++) table.set(id, id);
    expect(table.size).toBe(304);
    for (let id = 10_000; id < 10_300; id++) expect(table.get(id)).toBe(id);
    expect(table.delete(0)).toBe(true);
    expect(table.has(0)).toBe(false);
    expect(table.get(0)).toBeUndefined();
  });

  // The reason the class exists: a value deleted from a table that has lived through a full
  // collection must not outlive the next scavenges. A Map fails this (its outgrown hash tables keep
  // their entries and a link to the next table, so the scavenger promotes what they held), which
  // the second case shows the test can see. Measured as old-space growth: V8's scavenger treats
  // WeakRef targets as live, so a WeakRef cannot tell.
  function promotedByChurn(table: { set(id: number, value: object): unknown; delete(id: number): unknown }): number {
    let id = 0;
    for (; id < 64; id++) table.set(id, {});
    for (let i = 0; i < 64; i++) table.delete(i);
    collectGarbage('major');
    collectGarbage('major');
    const before = oldSpaceUsed();
    // As requests in flight: each value stays while the next 16 come in.
    for (let round = 0; round < 400; round++, id++) {
      table.set(id, new Array<number>(2048).fill(round));
      table.delete(id - 16);
    }
    for (let last = id - 16; last < id; last++) table.delete(last);
    collectGarbage('minor');
    collectGarbage('minor');
    return oldSpaceUsed() - before;
  }

  function oldSpaceUsed(): number {
    return getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;
  }

  // 400 deleted values of 16 KB each: 6.4 MB if the scavenges keep them.
  const DELETED_BYTES = 400 * 2048 * 8;

  it('lets a scavenge collect the values it no longer holds', () => {
    expect(promotedByChurn(new IdTable<object>())).toBeLessThan(DELETED_BYTES / 10);
  });

  it('is needed: a Map with the same churn has its deleted values promoted', () => {
    expect(promotedByChurn(new Map<number, object>())).toBeGreaterThan(DELETED_BYTES / 2);
  });
});
