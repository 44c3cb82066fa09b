/** An in-memory LRU cache store bounded by entry count and total body bytes. */
import type { CachedObject, CacheStore } from './store.ts';

export class MemoryCacheStore implements CacheStore {
  readonly #entries = new Map<string, CachedObject>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(options: { maxEntries: number; maxBytes?: number }) {
    this.#maxEntries = options.maxEntries;
    this.#maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  }

  get(key: string): CachedObject | undefined {
    const object = this.#entries.get(key);
    if (object === undefined) return undefined;
    // Re-insert to mark as most recently used.
    this.#entries.delete(key);
    this.#entries.set(key, object);
    return object;
  }

  set(key: string, object: CachedObject): void {
    this.delete(key);
    if (object.body.byteLength > this.#maxBytes) return;
    this.#entries.set(key, object);
    this.#bytes += object.body.byteLength;
    for (const [oldest, evicted] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= evicted.body.byteLength;
    }
  }

  delete(key: string): void {
    const existing = this.#entries.get(key);
    if (existing === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= existing.body.byteLength;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  get size(): number {
    return this.#entries.size;
  }
}
