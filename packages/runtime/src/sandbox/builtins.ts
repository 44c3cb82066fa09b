/**
 * The built-in module namespaces one sandbox instance sees: the platform's, built for the worker's
 * realm (so their errors pass the worker's `instanceof`), with `crypto.getRandomValues` made
 * repeatable when a seed is configured (decision 33).
 */
import { builtinModule } from '@weft/platform';
import type { WorkerRealm } from './types.ts';

type IntegerArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array;

function isIntegerArray(value: unknown): value is IntegerArray {
  return value instanceof Int8Array || value instanceof Uint8Array || value instanceof Uint8ClampedArray || value instanceof Int16Array
    || value instanceof Uint16Array || value instanceof Int32Array || value instanceof Uint32Array
    || (ArrayBuffer.isView(value) && /^(Int8|Uint8|Uint8Clamped|Int16|Uint16|Int32|Uint32)Array$/.test(Object.prototype.toString.call(value).slice(8, -1)));
}

function seededCrypto(namespace: Record<string, unknown>, random: () => number): Record<string, unknown> {
  const original = namespace.crypto as { getRandomValues(array: unknown): unknown; subtle: unknown };
  const crypto = Object.freeze({
    getRandomValues(array: unknown): unknown {
      // Anything the platform would reject still goes to it, for the platform's error.
      if (!isIntegerArray(array) || array.byteLength > 65_536) return original.getRandomValues(array);
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      return array;
    },
    subtle: original.subtle,
  });
  return Object.freeze(Object.assign(Object.create(null) as Record<string, unknown>, namespace, { crypto }));
}

export function builtinsFor(realm: WorkerRealm, random: (() => number) | undefined): (name: string) => Record<string, unknown> | undefined {
  return (name) => {
    const namespace = builtinModule(name, realm);
    if (name === 'crypto' && namespace !== undefined && random !== undefined) return seededCrypto(namespace, random);
    return namespace;
  };
}
