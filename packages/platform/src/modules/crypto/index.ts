/**
 * Built-in module `crypto` (spec §18): `crypto.getRandomValues`, the `crypto.subtle` subset and `pem2ab`.
 */
import { webcrypto } from 'node:crypto';
import { subtle } from './subtle.ts';

export { pem2ab } from './pem.ts';
export { IMPORT_FORMATS } from './algorithms.ts';

type IntegerArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array;

export const crypto = Object.freeze({
  /** Fills the array in place and returns it; Node rejects float arrays and more than 65,536 bytes. */
  getRandomValues<T extends IntegerArray>(array: T): T {
    return webcrypto.getRandomValues(array);
  },
  subtle,
});
