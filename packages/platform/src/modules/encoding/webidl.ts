/**
 * The few WebIDL conversions the encoding classes need (WebIDL §3.2), so arguments behave as in a
 * browser: strings via ToString (a Symbol is a TypeError), dictionaries from objects or nothing.
 */
import { describeValue } from '../../errors.ts';
import { TypedArrayTag } from '../../realm/primordials.ts';

export function toDOMString(value: unknown, what: string): string {
  if (typeof value === 'symbol') throw new TypeError(`${what} must be a string; got a Symbol, which cannot be converted to one`);
  return `${value as string}`;
}

/** Reads a dictionary argument: undefined and null give {}, other non-objects are a TypeError. */
export function toDictionary(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' && typeof value !== 'function') throw new TypeError(`${what} must be an object; got ${describeValue(value)}`);
  return value as Record<string, unknown>;
}

const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')?.get;
const sharedByteLength = typeof SharedArrayBuffer === 'function' ? Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength')?.get : undefined;

function isBufferOf(getter: (() => number) | undefined, value: unknown): boolean {
  if (getter === undefined || typeof value !== 'object' || value === null) return false;
  try {
    getter.call(value);
    return true;
  } catch {
    // The intrinsic getter is the brand check: it throws only for a value without the slot.
    return false;
  }
}

/**
 * The bytes of a BufferSource (ArrayBuffer, SharedArrayBuffer, typed array or DataView, of any
 * realm), as a Uint8Array over the same memory; undefined when `value` is none of these.
 */
export function bufferSourceBytes(value: unknown): Uint8Array | undefined {
  if (TypedArrayTag(value) === 'Uint8Array') return value as Uint8Array;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (isBufferOf(arrayBufferByteLength, value) || isBufferOf(sharedByteLength, value)) return new Uint8Array(value as ArrayBuffer);
  return undefined;
}
