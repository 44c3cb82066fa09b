/** An EdgeKV store in memory: per-test data that vanishes with the test. */
import type { EdgeKvKey, EdgeKvStore, SeedLedger } from './store.ts';

const SEP = '\u0000';
const keyOf = (key: EdgeKvKey): string => [key.sandboxId ?? '', key.namespace, key.group, key.item].join(SEP);

export class MemoryEdgeKvStore implements EdgeKvStore {
  readonly location = 'memory';
  readonly #items = new Map<string, Uint8Array>();
  #ledger: SeedLedger = {};

  async get(key: EdgeKvKey): Promise<Uint8Array<ArrayBuffer> | undefined> {
    const value = this.#items.get(keyOf(key));
    // A copy, so a caller changing the bytes cannot change the stored value.
    return value === undefined ? undefined : value.slice();
  }

  async put(key: EdgeKvKey, value: Uint8Array): Promise<void> {
    this.#items.set(keyOf(key), value.slice());
  }

  async delete(key: EdgeKvKey): Promise<boolean> {
    return this.#items.delete(keyOf(key));
  }

  #names(sandboxId: string | undefined, prefix: string[], depth: number): string[] {
    const names = new Set<string>();
    for (const stored of this.#items.keys()) {
      const parts = stored.split(SEP);
      if (parts[0] !== (sandboxId ?? '')) continue;
      if (prefix.every((part, index) => parts[index + 1] === part)) names.add(parts[depth] ?? '');
    }
    return [...names].sort();
  }

  async namespaces(sandboxId?: string): Promise<string[]> {
    return this.#names(sandboxId, [], 1);
  }

  async groups(namespace: string, sandboxId?: string): Promise<string[]> {
    return this.#names(sandboxId, [namespace], 2);
  }

  async items(namespace: string, group: string, sandboxId?: string): Promise<string[]> {
    return this.#names(sandboxId, [namespace, group], 3);
  }

  async clear(): Promise<void> {
    this.#items.clear();
    this.#ledger = {};
  }

  async readLedger(): Promise<SeedLedger> {
    return { ...this.#ledger };
  }

  async writeLedger(ledger: SeedLedger): Promise<void> {
    this.#ledger = { ...ledger };
  }
}
