/**
 * The host's half of `crypto` (host-api.ts) on Node's WebCrypto. Keys live in a table per realm and
 * the realm holds their handles; every argument is untrusted and checked (wire.ts); bytes from the
 * realm are copied at once; results go back as tickets settled after the call returns.
 */
import { webcrypto } from 'node:crypto';
import type { HostContext } from '../../../host/host-context.ts';
import { copyFromRealm, describeHostError } from '../../../host/realm-bytes.ts';
import { OPERATION_USAGE, where, type Operation } from '../algorithms.ts';
import type { CryptoHost, KeyDescription } from '../host-api.ts';
import { parseAlgorithm, parseFormat, parseJwk, parseUsages, type HostAlgorithm } from './wire.ts';

type CryptoKey = webcrypto.CryptoKey;
type KeyOperation = keyof typeof OPERATION_USAGE;

/** An error the realm rebuilds by name (TypeError, or a DOMException such as InvalidAccessError). */
function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Node's error with the operation named, so the worker's author sees which call failed. */
function explain(operation: Operation, error: unknown): Error {
  const { name, message } = describeHostError(error);
  return namedError(name, `${where(operation)}: ${message}`);
}

function describeKey(handle: number, key: CryptoKey): string {
  const algorithm: Record<string, unknown> = {};
  for (const [member, value] of Object.entries(key.algorithm)) {
    if (value instanceof Uint8Array) algorithm[member] = Array.from(value);
    else if (typeof value === 'object' && value !== null) algorithm[member] = { name: String((value as { name?: unknown }).name) };
    else algorithm[member] = value;
  }
  const description: KeyDescription = {
    handle,
    type: key.type,
    algorithm: algorithm as KeyDescription['algorithm'],
    usages: [...key.usages],
  };
  return JSON.stringify(description);
}

export function createCryptoHost(ctx: HostContext): CryptoHost {
  const keys = new Map<number, CryptoKey>();
  let nextHandle = 1;

  /** The key behind `handle`, checked as WebCrypto checks it: same algorithm, the operation among its usages. */
  function usableKey(handle: unknown, operation: KeyOperation, algorithm: HostAlgorithm): CryptoKey {
    const key = typeof handle === 'number' ? keys.get(handle) : undefined;
    if (key === undefined) throw new TypeError(`${where(operation)}: key must be a CryptoKey from crypto.subtle.importKey()`);
    if (key.algorithm.name !== algorithm.name) {
      throw namedError('InvalidAccessError', `${where(operation)}: the key is a ${key.algorithm.name} key; it cannot be used with ${algorithm.name}. Import a key for ${algorithm.name}`);
    }
    const usage = OPERATION_USAGE[operation];
    if (!key.usages.includes(usage)) {
      throw namedError('InvalidAccessError', `${where(operation)}: the key's usages are [${key.usages.join(', ')}], without "${usage}"; import the key with "${usage}" in keyUsages`);
    }
    return key;
  }

  /** A ticket settled with the work's outcome; the work was started with host copies of every argument. */
  function answer(operation: Operation, work: Promise<ArrayBuffer | boolean | string>): number {
    const ticket = ctx.ticket();
    const outcome = work.then(
      (value) => (value instanceof ArrayBuffer ? new Uint8Array(value) : value),
      (error: unknown) => {
        throw explain(operation, error);
      },
    );
    ctx.settle(ticket, outcome);
    return ticket;
  }

  function cipher(operation: 'encrypt' | 'decrypt', algorithmJson: unknown, handle: unknown, data: unknown): number {
    const algorithm = parseAlgorithm(operation, algorithmJson);
    const key = usableKey(handle, operation, algorithm);
    const bytes = copyFromRealm(data, `${where(operation)}: data`);
    return answer(operation, webcrypto.subtle[operation](algorithm, key, bytes));
  }

  return {
    cryptoImportKey(format, keyData, algorithmJson, usagesJson) {
      const algorithm = parseAlgorithm('importKey', algorithmJson);
      const checked = parseFormat(format, algorithm.name);
      const usages = parseUsages(usagesJson);
      const imported = checked === 'jwk'
        ? webcrypto.subtle.importKey('jwk', parseJwk(keyData), algorithm, false, usages)
        : webcrypto.subtle.importKey(checked, copyFromRealm(keyData, 'crypto.subtle.importKey(): keyData'), algorithm, false, usages);
      return answer('importKey', imported.then((key) => {
        const handle = nextHandle++;
        keys.set(handle, key);
        return describeKey(handle, key);
      }));
    },

    cryptoEncrypt: (algorithmJson, handle, data) => cipher('encrypt', algorithmJson, handle, data),
    cryptoDecrypt: (algorithmJson, handle, data) => cipher('decrypt', algorithmJson, handle, data),

    cryptoSign(algorithmJson, handle, data) {
      const algorithm = parseAlgorithm('sign', algorithmJson);
      const key = usableKey(handle, 'sign', algorithm);
      return answer('sign', webcrypto.subtle.sign(algorithm, key, copyFromRealm(data, 'crypto.subtle.sign(): data')));
    },

    cryptoVerify(algorithmJson, handle, signature, data) {
      const algorithm = parseAlgorithm('verify', algorithmJson);
      const key = usableKey(handle, 'verify', algorithm);
      const signatureBytes = copyFromRealm(signature, 'crypto.subtle.verify(): signature');
      const dataBytes = copyFromRealm(data, 'crypto.subtle.verify(): data');
      return answer('verify', webcrypto.subtle.verify(algorithm, key, signatureBytes, dataBytes));
    },

    cryptoDigest(algorithmJson, data) {
      const algorithm = parseAlgorithm('digest', algorithmJson);
      return answer('digest', webcrypto.subtle.digest(algorithm, copyFromRealm(data, 'crypto.subtle.digest(): data')));
    },

    cryptoReleaseKey(handle) {
      if (typeof handle === 'number') keys.delete(handle);
    },
  };
}
