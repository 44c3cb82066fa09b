/** One conformance suite for every EdgeKV store (docs/style.md habit 8), plus seeding from files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySeedFiles, DiskEdgeKvStore, MemoryEdgeKvStore, readSeedFolder, valueBytes, type EdgeKvStore } from '../../src/index.ts';
import { tempDir } from '../helpers/temp.ts';

const text = (value: Uint8Array | undefined): string | undefined => (value === undefined ? undefined : new TextDecoder().decode(value));

const STORES: Array<[string, () => EdgeKvStore]> = [
  ['memory', () => new MemoryEdgeKvStore()],
  ['disk', () => new DiskEdgeKvStore(mkdtempSync(path.join(tmpdir(), 'weft-kv-store-')))],
];

describe.each(STORES)('%s store', (_name, create) => {
  it('puts, gets, overwrites and deletes items', async () => {
    const store = create();
    const key = { namespace: 'ns', group: 'g', item: 'a' };
    expect(await store.get(key)).toBeUndefined();
    await store.put(key, valueBytes('one'));
    await store.put(key, valueBytes('two'));
    expect(text(await store.get(key))).toBe('two');
    expect(await store.delete(key)).toBe(true);
    expect(await store.delete(key)).toBe(false);
    expect(await store.get(key)).toBeUndefined();
  });

  it('lists names sorted; a group or namespace exists while it holds items', async () => {
    const store = create();
    await store.put({ namespace: 'b', group: 'g2', item: 'y' }, valueBytes('1'));
    await store.put({ namespace: 'b', group: 'g1', item: 'x' }, valueBytes('1'));
    await store.put({ namespace: 'a', group: 'g', item: 'z' }, valueBytes('1'));
    expect(await store.namespaces()).toEqual(['a', 'b']);
    expect(await store.groups('b')).toEqual(['g1', 'g2']);
    expect(await store.items('b', 'g1')).toEqual(['x']);
    await store.delete({ namespace: 'a', group: 'g', item: 'z' });
    expect(await store.namespaces()).toEqual(['b']);
    expect(await store.groups('missing')).toEqual([]);
  });

  it('keeps sandbox data apart from the app data', async () => {
    const store = create();
    await store.put({ namespace: 'ns', group: 'g', item: 'a', sandboxId: 'sb' }, valueBytes('sandboxed'));
    expect(await store.get({ namespace: 'ns', group: 'g', item: 'a' })).toBeUndefined();
    expect(await store.namespaces()).toEqual([]);
    expect(await store.namespaces('sb')).toEqual(['ns']);
  });

  it('applies a seed file once, and again only when it changes', async () => {
    const store = create();
    const data = tempDir({ 'shop/prices.json': JSON.stringify({ apple: 'one', pear: { eur: 2 } }) });
    expect(await applySeedFiles(store, readSeedFolder(data))).toBe(2);
    expect(text(await store.get({ namespace: 'shop', group: 'prices', item: 'pear' }))).toBe('{"eur":2}');
    await store.put({ namespace: 'shop', group: 'prices', item: 'apple' }, valueBytes('written by the worker'));
    expect(await applySeedFiles(store, readSeedFolder(data))).toBe(0);
    expect(text(await store.get({ namespace: 'shop', group: 'prices', item: 'apple' }))).toBe('written by the worker');
    writeFileSync(path.join(data, 'shop/prices.json'), JSON.stringify({ apple: 'edited seed' }));
    expect(await applySeedFiles(store, readSeedFolder(data))).toBe(1);
    expect(text(await store.get({ namespace: 'shop', group: 'prices', item: 'apple' }))).toBe('edited seed');
    await store.clear();
    expect(await store.namespaces()).toEqual([]);
    expect(await applySeedFiles(store, readSeedFolder(data))).toBe(1);
  });
});

describe('seed folder errors', () => {
  it('names the file and the rule', () => {
    expect(() => readSeedFolder(tempDir({ 'bad ns/g.json': '{}' }))).toThrow(/bad ns: namespace "bad ns" has characters outside A-Z a-z 0-9 _ -/);
    expect(() => readSeedFolder(tempDir({ 'ns/g.txt': 'x' }))).toThrow(/g\.txt: expected <group>\.json files/);
    expect(() => readSeedFolder(tempDir({ 'ns/g.json': '[1]' }))).toThrow(/g\.json: expected an object of items/);
    expect(() => readSeedFolder(tempDir({ 'ns/g.json': '{"a":' }))).toThrow(/g\.json: not valid JSON/);
    expect(() => readSeedFolder(tempDir({ 'ns/g.json': '{"a.b":"x"}' }))).toThrow(/item "a\.b"/);
    expect(readSeedFolder(path.join(tmpdir(), 'weft-no-such-folder'))).toEqual([]);
  });
});
