/**
 * Built-in module `crypto` (spec §18): `crypto.getRandomValues`, the `crypto.subtle` subset and `pem2ab`.
 * Runs in the worker's realm; the host's part is host-api.ts.
 */
import { getRandomValues, type IntegerArray } from './random.ts';
import { subtle } from './subtle.ts';

export { pem2ab } from './pem.ts';
export { IMPORT_FORMATS } from './algorithms.ts';
export type { CryptoKey } from './crypto-key.ts';

export const crypto = Object.freeze({
  /** Fills the array in place and returns it (integer arrays only, at most 65,536 bytes). */
  getRandomValues<T extends IntegerArray>(array: T): T {
    return getRandomValues(array);
  },
  subtle,
});
