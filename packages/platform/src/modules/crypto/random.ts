/**
 * `crypto.getRandomValues` (spec §18, WebCrypto): fills an integer typed array in place from the
 * host's generator (seeded when the property sets a seed, decision 33) and returns the same array.
 */
import { describeValue } from '../../errors.ts';
import { DOMException } from '../../realm/dom-exception.ts';
import { host } from '../../realm/host-link.ts';
import { SafeUint8Array, TypedArrayTag } from '../../realm/primordials.ts';
import { viewSpan } from './buffer-source.ts';

export type IntegerArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

// WebCrypto's integer arrays: every typed array but the float ones.
const INTEGER_ARRAYS: readonly string[] = [
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array',
];
const MAX_RANDOM_BYTES = 65_536;

export function getRandomValues<T extends IntegerArray>(array: T): T {
  // Read from internal slots, so arrays of any realm pass and no claimed tag does.
  const tag = TypedArrayTag(array);
  const span = tag !== undefined && INTEGER_ARRAYS.includes(tag) ? viewSpan(array) : undefined;
  if (span === undefined) {
    throw new DOMException(`crypto.getRandomValues(): array must be an integer typed array (Int8Array ... Uint32Array, BigInt64Array, BigUint64Array; not Float32/64Array); got ${describeValue(array)}`, 'TypeMismatchError');
  }
  if (span.byteLength > MAX_RANDOM_BYTES) {
    throw new DOMException(`crypto.getRandomValues(): array is ${span.byteLength} bytes; at most ${MAX_RANDOM_BYTES} bytes can be filled per call`, 'QuotaExceededError');
  }
  if (span.byteLength > 0) host().randomFill(new SafeUint8Array(span.buffer, span.byteOffset, span.byteLength));
  return array;
}
