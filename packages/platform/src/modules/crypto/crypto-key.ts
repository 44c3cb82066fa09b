/**
 * The realm's CryptoKey: what the worker holds of a key that lives on the host. The host's handle
 * sits in a private field, so worker code can neither read it nor make an object that passes for a
 * key; the constructor refuses everyone but importKey. A key the worker drops is released on the host.
 */
import { describeValue } from '../../errors.ts';
import { host } from '../../realm/host-link.ts';
import { JSONParse, SafeTypeError, SafeUint8Array } from '../../realm/primordials.ts';
import type { KeyDescription } from './host-api.ts';

const MINT = Object.freeze({});

let readHandle: (key: unknown) => number | undefined = () => undefined;

const released = new FinalizationRegistry<number>((handle) => {
  try {
    host().cryptoReleaseKey(handle);
  } catch {
    // The host went away with its realm; nothing is left to release.
  }
});

export class CryptoKey {
  readonly #handle: number;
  readonly #type: KeyType;
  readonly #algorithm: KeyAlgorithm;
  readonly #usages: KeyUsage[];

  constructor(mint: unknown, description: KeyDescription) {
    if (mint !== MINT) throw new SafeTypeError('Illegal constructor: CryptoKey objects come from crypto.subtle.importKey()');
    this.#handle = description.handle;
    this.#type = description.type;
    this.#algorithm = realmAlgorithm(description.algorithm);
    this.#usages = [...description.usages] as KeyUsage[];
    released.register(this, description.handle);
  }

  get type(): KeyType {
    return this.#type;
  }

  /** Always false: EdgeWorkers keys cannot be exported (spec §18). */
  get extractable(): boolean {
    return false;
  }

  get algorithm(): KeyAlgorithm {
    return this.#algorithm;
  }

  get usages(): KeyUsage[] {
    return this.#usages;
  }

  get [Symbol.toStringTag](): string {
    return 'CryptoKey';
  }

  static {
    readHandle = (key) => (typeof key === 'object' && key !== null && #handle in key ? (key as CryptoKey).#handle : undefined);
  }
}

function realmAlgorithm(algorithm: KeyDescription['algorithm']): KeyAlgorithm {
  const copy: KeyAlgorithm & Record<string, unknown> = { name: algorithm.name };
  for (const member of Object.keys(algorithm)) {
    const value = algorithm[member];
    copy[member] = member === 'publicExponent' && Array.isArray(value) ? new SafeUint8Array(value) : value;
  }
  return copy;
}

/** A key of this realm from the host's JSON description (see CryptoHost.cryptoImportKey). */
export function keyFromDescription(json: unknown): CryptoKey {
  if (typeof json !== 'string') throw new SafeTypeError('crypto.subtle.importKey(): the host answered without a key description');
  return new CryptoKey(MINT, JSONParse(json) as KeyDescription);
}

/** The host handle of `key`; a TypeError naming the argument for anything importKey did not make. */
export function handleOf(key: unknown, operation: string): number {
  const handle = readHandle(key);
  if (handle === undefined) {
    throw new SafeTypeError(`crypto.subtle.${operation}(): key must be a CryptoKey from crypto.subtle.importKey(); got ${describeValue(key)}`);
  }
  return handle;
}
