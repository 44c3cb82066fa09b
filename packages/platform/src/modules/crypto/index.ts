/**
 * Built-in module `crypto` (spec §18): `crypto.getRandomValues`, the `crypto.subtle` subset and `pem2ab`.
 */
import { webcrypto } from 'node:crypto';
import { describeValue } from '../../errors.ts';
import { subtle } from './subtle.ts';

export { pem2ab } from './pem.ts';
export { IMPORT_FORMATS } from './algorithms.ts';

type IntegerArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array;

const INTEGER_ARRAY = /^\[object (?:Int8|Uint8|Uint8Clamped|Int16|Uint16|Int32|Uint32)Array\]$/;
const MAX_RANDOM_BYTES = 65_536;

export const crypto = Object.freeze({
  /** Fills the array in place and returns it (WebCrypto: integer arrays only, at most 65,536 bytes). */
  getRandomValues<T extends IntegerArray>(array: T): T {
    // Checked by tag so that arrays from the worker's realm pass too.
    if (!ArrayBuffer.isView(array) || !INTEGER_ARRAY.test(Object.prototype.toString.call(array))) {
      throw new DOMException(`crypto.getRandomValues(): array must be an integer typed array (Int8Array ... Uint32Array, not Float32/64Array); got ${describeValue(array)}`, 'TypeMismatchError');
    }
    if (array.byteLength > MAX_RANDOM_BYTES) {
      throw new DOMException(`crypto.getRandomValues(): array is ${array.byteLength} bytes; at most ${MAX_RANDOM_BYTES} bytes can be filled per call`, 'QuotaExceededError');
    }
    return webcrypto.getRandomValues(array);
  },
  subtle,
});
