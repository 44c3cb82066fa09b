import { describe, expect, it } from 'vitest';
import { classify, decideStore, MemoryCacheStore, parseCacheControl } from '../../src/index.ts';

function decide(headers: Record<string, string>, extra: { method?: string; status?: number; defaultTtlSeconds?: number } = {}) {
  return decideStore({ method: extra.method ?? 'GET', status: extra.status ?? 200, header: (name) => (headers[name] === undefined ? undefined : [headers[name] as string]), defaultTtlSeconds: extra.defaultTtlSeconds ?? 0, now: Date.parse('2026-01-01T00:00:00Z') });
}

describe('freshness (RFC 9111 as a shared cache applies it)', () => {
  it('parses Cache-Control directives case-insensitively, with quoted values', () => {
    expect([...parseCacheControl(['Max-Age=60, no-cache="set-cookie"', 'public'])]).toEqual([['max-age', '60'], ['no-cache', 'set-cookie'], ['public', true]]);
  });
  it('s-maxage wins over max-age; Age is subtracted', () => {
    expect(decide({ 'cache-control': 'max-age=10, s-maxage=100', age: '40' })).toMatchObject({ store: true, lifetimeMs: 60_000 });
  });
  it('Expires relative to Date', () => {
    expect(decide({ expires: 'Thu, 01 Jan 2026 00:01:00 GMT', date: 'Thu, 01 Jan 2026 00:00:00 GMT' })).toMatchObject({ store: true, lifetimeMs: 60_000 });
  });
  it('no-store, private, non-GET, uncacheable status and no lifetime are not stored', () => {
    expect(decide({ 'cache-control': 'no-store' }).store).toBe(false);
    expect(decide({ 'cache-control': 'private, max-age=60' }).store).toBe(false);
    expect(decide({ 'cache-control': 'max-age=60' }, { method: 'POST' }).store).toBe(false);
    expect(decide({ 'cache-control': 'max-age=60' }, { status: 500 }).store).toBe(false);
    expect(decide({}).store).toBe(false);
  });
  it('the default TTL applies only without freshness information', () => {
    expect(decide({}, { defaultTtlSeconds: 5 })).toMatchObject({ store: true, lifetimeMs: 5000 });
    expect(decide({ 'cache-control': 'max-age=0' }, { defaultTtlSeconds: 5 }).store).toBe(false);
  });
  it('no-cache is stored and always stale', () => {
    const decision = decide({ 'cache-control': 'no-cache' });
    expect(decision).toMatchObject({ store: true, mustRevalidate: true });
    expect(classify(0, 0, true, 0)).toBe('stale');
    expect(classify(0, 1000, false, 999)).toBe('hit');
    expect(classify(0, 1000, false, 1000)).toBe('stale');
  });
});

describe('MemoryCacheStore', () => {
  const object = (bytes: number) => ({ status: 200, headers: [], body: new Uint8Array(bytes), storedAt: 0, lifetimeMs: 1000, mustRevalidate: false });
  it('evicts the least recently used entry past maxEntries', () => {
    const store = new MemoryCacheStore({ maxEntries: 2 });
    store.set('a', object(1));
    store.set('b', object(1));
    store.get('a');
    store.set('c', object(1));
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBeDefined();
    expect(store.size).toBe(2);
  });
  it('evicts by total bytes and refuses an object larger than the budget', () => {
    const store = new MemoryCacheStore({ maxEntries: 10, maxBytes: 10 });
    store.set('a', object(6));
    store.set('b', object(6));
    expect(store.get('a')).toBeUndefined();
    store.set('huge', object(11));
    expect(store.get('huge')).toBeUndefined();
  });
});
