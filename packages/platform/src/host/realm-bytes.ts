/**
 * Host-side handling of values that come from the worker realm. Only the host's own intrinsics
 * touch them, through internal slots (brand checks, typed-array length and copy), so nothing the
 * worker did to its realm (getters, species, a replaced `set`) runs here.
 */
import { types } from 'node:util';

const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
const lengthGetter = Object.getOwnPropertyDescriptor(typedArrayPrototype, 'length')?.get as (this: Uint8Array) => number;
const setMethod = (typedArrayPrototype as { set(this: Uint8Array, source: Uint8Array, offset?: number): void }).set;

/** The length of a Uint8Array of any realm, read from its internal slot. */
export function byteLengthOf(bytes: Uint8Array): number {
  return Reflect.apply(lengthGetter, bytes, []);
}

/** A host copy of a realm Uint8Array argument; a TypeError naming `what` for anything else. */
export function copyFromRealm(value: unknown, what: string): Uint8Array {
  if (!types.isUint8Array(value)) throw new TypeError(`${what} must be a Uint8Array`);
  const copy = new Uint8Array(byteLengthOf(value));
  Reflect.apply(setMethod, copy, [value]);
  return copy;
}

/** Writes `bytes` into the realm's `target`, which must be a Uint8Array of exactly that length. */
export function copyIntoRealm(target: unknown, bytes: Uint8Array, what: string): void {
  if (!types.isUint8Array(target) || byteLengthOf(target) !== bytes.byteLength) {
    throw new TypeError(`${what}: the target must be a Uint8Array of ${bytes.byteLength} bytes`);
  }
  Reflect.apply(setMethod, target, [bytes]);
}

/** The strings of a host error (or anything thrown) as the realm rebuilds it: name, message, code. */
export function describeHostError(error: unknown): { name: string; message: string; code: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, code: typeof code === 'string' ? code : '' };
  }
  return { name: 'Error', message: String(error), code: '' };
}
