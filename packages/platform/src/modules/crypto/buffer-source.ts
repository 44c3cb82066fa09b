/**
 * WebIDL's BufferSource for this realm: an ArrayBuffer, any typed array or a DataView. Each is
 * recognised by its internal slots (getters captured before worker code runs), so arrays of another
 * realm pass and an object that merely claims a tag does not. The result is a Uint8Array over the
 * same bytes, which is what the host copies.
 */
import { ReflectApply, SafeUint8Array, TypedArrayTag } from '../../realm/primordials.ts';

type Getter = (self: unknown) => unknown;

function captureGetter(prototype: object, key: string): Getter {
  const get = Object.getOwnPropertyDescriptor(prototype, key)?.get;
  if (get === undefined) throw new Error(`crypto: this realm has no ${key} getter to read buffers with`);
  return (self) => ReflectApply(get, self, []);
}

const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
const arrayBufferByteLength = captureGetter(ArrayBuffer.prototype, 'byteLength');
const typedArrayBuffer = captureGetter(typedArrayPrototype, 'buffer');
const typedArrayByteOffset = captureGetter(typedArrayPrototype, 'byteOffset');
const typedArrayByteLength = captureGetter(typedArrayPrototype, 'byteLength');
const dataViewBuffer = captureGetter(DataView.prototype, 'buffer');
const dataViewByteOffset = captureGetter(DataView.prototype, 'byteOffset');
const dataViewByteLength = captureGetter(DataView.prototype, 'byteLength');

/** The ArrayBuffer's length, or undefined when `value` is no ArrayBuffer (a SharedArrayBuffer is not one). */
function arrayBufferLength(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return arrayBufferByteLength(value) as number;
  } catch {
    // The intrinsic getter is the brand check: it throws only for a value that is no ArrayBuffer.
    return undefined;
  }
}

interface Span {
  buffer: ArrayBuffer;
  byteOffset: number;
  byteLength: number;
}

/** Where a typed array or DataView keeps its bytes, or undefined for anything else. */
export function viewSpan(value: unknown): Span | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (TypedArrayTag(value) !== undefined) {
    return { buffer: typedArrayBuffer(value) as ArrayBuffer, byteOffset: typedArrayByteOffset(value) as number, byteLength: typedArrayByteLength(value) as number };
  }
  try {
    const byteLength = dataViewByteLength(value) as number;
    return { buffer: dataViewBuffer(value) as ArrayBuffer, byteOffset: dataViewByteOffset(value) as number, byteLength };
  } catch {
    // The intrinsic getters are the brand check: they throw only for a value that is no DataView.
    return undefined;
  }
}

/** A Uint8Array over the bytes of `value`, or undefined when it is no BufferSource. */
export function bufferSourceBytes(value: unknown): Uint8Array | undefined {
  const length = arrayBufferLength(value);
  const span = length === undefined ? viewSpan(value) : { buffer: value as ArrayBuffer, byteOffset: 0, byteLength: length };
  if (span === undefined) return undefined;
  // A detached buffer reads as empty, as WebCrypto reads it (a view over it cannot be made).
  return span.byteLength === 0 ? new SafeUint8Array(0) : new SafeUint8Array(span.buffer, span.byteOffset, span.byteLength);
}

const HEX = '0123456789abcdef';

/** Lowercase hex of `bytes` (how algorithm parameters such as an IV cross the door). */
export function toHex(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    text += HEX[byte >> 4] + HEX[byte & 15];
  }
  return text;
}
