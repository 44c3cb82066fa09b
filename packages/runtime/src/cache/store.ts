/** What the local cache keeps per key, and the store interface every implementation follows. */
export interface CachedObject {
  status: number;
  /** Header lines as stored (after onOriginResponse, spec §2.3 rule 3). */
  headers: Array<[string, string]>;
  body: Uint8Array;
  /** Epoch ms when stored. */
  storedAt: number;
  /** Freshness lifetime in ms from storedAt. */
  lifetimeMs: number;
  /** `no-cache`: stored, but every use must go back to the origin first (served as stale). */
  mustRevalidate: boolean;
}

export interface CacheStore {
  get(key: string): CachedObject | undefined;
  set(key: string, object: CachedObject): void;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
}
