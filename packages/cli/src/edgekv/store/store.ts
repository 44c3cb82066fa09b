/**
 * Where local EdgeKV items live. Two implementations share one conformance suite
 * (packages/cli/test/edgekv/store.test.ts): the disk store an app writes through to, and the
 * memory store tests use so each starts clean.
 */

/** One item; `sandboxId` selects a sandbox's own data instead of the app's. */
export interface EdgeKvKey {
  namespace: string;
  group: string;
  item: string;
  sandboxId?: string | undefined;
}

/** Seed file (relative path) → content hash at the time it was applied. */
export type SeedLedger = Record<string, string>;

export interface EdgeKvStore {
  /** A folder, or `memory`; shown in messages. */
  readonly location: string;
  get(key: EdgeKvKey): Promise<Uint8Array<ArrayBuffer> | undefined>;
  put(key: EdgeKvKey, value: Uint8Array): Promise<void>;
  /** Whether there was an item to delete. */
  delete(key: EdgeKvKey): Promise<boolean>;
  /** Names sorted; a namespace or group exists while it holds an item. */
  namespaces(sandboxId?: string): Promise<string[]>;
  groups(namespace: string, sandboxId?: string): Promise<string[]>;
  items(namespace: string, group: string, sandboxId?: string): Promise<string[]>;
  /** Removes every item (sandboxes included) and forgets which seed files were applied. */
  clear(): Promise<void>;
  readLedger(): Promise<SeedLedger>;
  writeLedger(ledger: SeedLedger): Promise<void>;
}
