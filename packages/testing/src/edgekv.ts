/**
 * A test's handle on the worker's local EdgeKV: seed items before a request, read what the worker
 * wrote after it. Each `startWorker` gets its own store (in memory unless `persist: true`), seeded
 * from the app's `edgekv/` files, so tests do not see each other's writes.
 */
import { applySeedData, valueBytes, type EdgeKvSeedData, type EdgeKvStore, type LocalEdgeKv } from '@weft/cli';

export interface EdgeKvTestOptions {
  /** Items written before the first request: namespace → group → item → value (strings as text, else JSON). */
  seed?: EdgeKvSeedData;
  /** Use the app's store on disk (`.weft/edgekv/`) instead of a fresh one in memory. */
  persist?: boolean;
}

export interface SandboxOption {
  /** A sandbox's data instead of the app's. */
  sandboxId?: string;
}

export interface WorkerEdgeKv {
  /** The local service's loopback URL (what `edgekv.akamai-edge-svcs.net` maps to). */
  readonly url: string;
  readonly store: EdgeKvStore;
  seed(data: EdgeKvSeedData, options?: SandboxOption): Promise<void>;
  getText(namespace: string, group: string, item: string, options?: SandboxOption): Promise<string | undefined>;
  getJson<T = unknown>(namespace: string, group: string, item: string, options?: SandboxOption): Promise<T | undefined>;
  /** Writes a value: a string as text, anything else as JSON (as `putJson`). */
  put(namespace: string, group: string, item: string, value: unknown, options?: SandboxOption): Promise<void>;
  delete(namespace: string, group: string, item: string, options?: SandboxOption): Promise<boolean>;
  items(namespace: string, group: string, options?: SandboxOption): Promise<string[]>;
  /** Removes every item. */
  clear(): Promise<void>;
}

export function workerEdgeKv(local: LocalEdgeKv): WorkerEdgeKv {
  const { store } = local;
  const getText = async (namespace: string, group: string, item: string, options: SandboxOption = {}): Promise<string | undefined> => {
    const value = await store.get({ namespace, group, item, sandboxId: options.sandboxId });
    return value === undefined ? undefined : new TextDecoder().decode(value);
  };
  return {
    url: local.url,
    store,
    async seed(data, options = {}) {
      await applySeedData(store, data, options.sandboxId);
    },
    getText,
    async getJson<T>(namespace: string, group: string, item: string, options?: SandboxOption) {
      const text = await getText(namespace, group, item, options);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    put: (namespace, group, item, value, options = {}) => store.put({ namespace, group, item, sandboxId: options.sandboxId }, valueBytes(value)),
    delete: (namespace, group, item, options = {}) => store.delete({ namespace, group, item, sandboxId: options.sandboxId }),
    items: (namespace, group, options = {}) => store.items(namespace, group, options.sandboxId),
    clear: () => store.clear(),
  };
}
