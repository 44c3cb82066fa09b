/**
 * `crypto.subtle`, the documented subset (spec §18) on Node's WebCrypto: importKey with the format
 * table and `extractable: false`, encrypt/decrypt/sign/verify/digest. Nothing else is exposed.
 */
import { webcrypto } from 'node:crypto';
import { describeValue } from '../../errors.ts';
import { checkImportFormat, KEY_USAGES, normalizeAlgorithm } from './algorithms.ts';

type CryptoKey = webcrypto.CryptoKey;
type BufferSource = ArrayBuffer | ArrayBufferView;
type KeyUsage = (typeof KEY_USAGES)[number];

function readUsages(usages: unknown): KeyUsage[] {
  if (!Array.isArray(usages)) throw new TypeError(`crypto.subtle.importKey(): keyUsages must be an array of ${KEY_USAGES.join(', ')}; got ${describeValue(usages)}`);
  return usages.map((usage) => {
    const known = KEY_USAGES.find((u) => u === usage);
    if (known === undefined) throw new TypeError(`crypto.subtle.importKey(): key usage ${describeValue(usage)} is not supported; EdgeWorkers keys allow ${KEY_USAGES.join(', ')} (spec §18)`);
    return known;
  });
}

function checkExtractable(extractable: unknown, keyData: unknown, format: string): void {
  if (extractable !== false) {
    throw new TypeError(`crypto.subtle.importKey(): extractable must be false on EdgeWorkers (keys cannot be exported, spec §18); got ${describeValue(extractable)}`);
  }
  if (format === 'jwk' && typeof keyData === 'object' && keyData !== null) {
    const ext: unknown = (keyData as { ext?: unknown }).ext;
    if (ext !== undefined && ext !== extractable) {
      throw new TypeError(`crypto.subtle.importKey(): the JWK's "ext" (${describeValue(ext)}) must agree with extractable (false) (spec §18)`);
    }
  }
}

// Each method is async so that argument errors reject, as WebCrypto's do.
export const subtle = Object.freeze({
  async importKey(format: string, keyData: unknown, algorithm: string | object, extractable: boolean, keyUsages: string[]): Promise<CryptoKey> {
    const { name, params } = normalizeAlgorithm('importKey', algorithm);
    const checked = checkImportFormat(format, name);
    checkExtractable(extractable, keyData, checked);
    const usages = readUsages(keyUsages);
    if (checked === 'jwk') {
      if (typeof keyData !== 'object' || keyData === null) throw new TypeError(`crypto.subtle.importKey(): a "jwk" key must be a JSON Web Key object; got ${describeValue(keyData)}`);
      return webcrypto.subtle.importKey('jwk', keyData as webcrypto.JsonWebKey, params, false, usages);
    }
    return webcrypto.subtle.importKey(checked, keyData as BufferSource, params, false, usages);
  },

  async encrypt(algorithm: object, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer> {
    return webcrypto.subtle.encrypt(normalizeAlgorithm('encrypt', algorithm).params, key, data);
  },

  async decrypt(algorithm: object, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer> {
    return webcrypto.subtle.decrypt(normalizeAlgorithm('decrypt', algorithm).params, key, data);
  },

  async sign(algorithm: string | object, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer> {
    return webcrypto.subtle.sign(normalizeAlgorithm('sign', algorithm).params, key, data);
  },

  async verify(algorithm: string | object, key: CryptoKey, signature: BufferSource, data: BufferSource): Promise<boolean> {
    return webcrypto.subtle.verify(normalizeAlgorithm('verify', algorithm).params, key, signature, data);
  },

  async digest(algorithm: string | object, data: BufferSource): Promise<ArrayBuffer> {
    return webcrypto.subtle.digest(normalizeAlgorithm('digest', algorithm).params, data);
  },
});
