/**
 * `crypto.subtle`, the documented subset (spec §18): importKey with the format table and
 * `extractable: false`, encrypt/decrypt/sign/verify/digest. Arguments are checked and converted here;
 * the host does the cryptography on keys it keeps (host-api.ts), and every result is built in this
 * realm. Nothing else is exposed.
 */
import { describeValue } from '../../errors.ts';
import { awaitTicket, host, receiveBytes } from '../../realm/host-link.ts';
import { JSONStringify, SafeTypeError } from '../../realm/primordials.ts';
import { checkImportFormat, checkUsages, JWK_STRING_MEMBERS, where, type KeyFormat, type Operation } from './algorithms.ts';
import { bufferSourceBytes } from './buffer-source.ts';
import { handleOf, keyFromDescription, type CryptoKey } from './crypto-key.ts';
import { normalizeAlgorithm } from './normalize.ts';

type BufferSource = ArrayBuffer | ArrayBufferView;

function dataBytes(value: unknown, operation: Operation, argument: string): Uint8Array {
  const bytes = bufferSourceBytes(value);
  if (bytes === undefined) throw new TypeError(`${where(operation)}: ${argument} must be an ArrayBuffer, a typed array or a DataView; got ${describeValue(value)}`);
  return bytes;
}

/** An ArrayBuffer of this realm holding the bytes the host parked under `ticket`. */
async function bytesOf(ticket: number, operation: Operation): Promise<ArrayBuffer> {
  const length = await awaitTicket(ticket);
  if (typeof length !== 'number') throw new SafeTypeError(`${where(operation)}: the host answered without a length`);
  return receiveBytes(ticket, length).buffer as ArrayBuffer;
}

function checkExtractable(extractable: unknown, keyData: unknown, format: KeyFormat): void {
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

/** The JSON of the JsonWebKey members WebCrypto reads (WebIDL converts them: strings, a string list, a boolean). */
function jwkJson(keyData: unknown): string {
  if (typeof keyData !== 'object' || keyData === null) throw new TypeError(`crypto.subtle.importKey(): a "jwk" key must be a JSON Web Key object; got ${describeValue(keyData)}`);
  const source = keyData as Record<string, unknown>;
  const jwk: Record<string, unknown> = {};
  for (const member of JWK_STRING_MEMBERS) {
    const value = source[member];
    if (value !== undefined) jwk[member] = String(value);
  }
  const keyOps = source.key_ops;
  if (keyOps !== undefined) {
    if (!Array.isArray(keyOps)) throw new TypeError(`crypto.subtle.importKey(): the JWK's "key_ops" must be an array of strings; got ${describeValue(keyOps)}`);
    jwk.key_ops = keyOps.map((op: unknown) => String(op));
  }
  if (source.ext !== undefined) jwk.ext = Boolean(source.ext);
  return JSONStringify(jwk);
}

// Each method is async so that argument errors reject, as WebCrypto's do.
export const subtle = Object.freeze({
  async importKey(format: string, keyData: unknown, algorithm: string | object, extractable: boolean, keyUsages: string[]): Promise<CryptoKey> {
    const wire = normalizeAlgorithm('importKey', algorithm);
    const checked = checkImportFormat(format, wire.name);
    checkExtractable(extractable, keyData, checked);
    const usages = checkUsages(keyUsages);
    const data = checked === 'jwk' ? jwkJson(keyData) : dataBytes(keyData, 'importKey', `keyData (format "${checked}")`);
    const ticket = host().cryptoImportKey(checked, data, JSONStringify(wire), JSONStringify(usages));
    return keyFromDescription(await awaitTicket(ticket));
  },

  async encrypt(algorithm: object, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer> {
    const wire = normalizeAlgorithm('encrypt', algorithm);
    const ticket = host().cryptoEncrypt(JSONStringify(wire), handleOf(key, 'encrypt'), dataBytes(data, 'encrypt', 'data'));
    return bytesOf(ticket, 'encrypt');
  },

  async decrypt(algorithm: object, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer> {
    const wire = normalizeAlgorithm('decrypt', algorithm);
    const ticket = host().cryptoDecrypt(JSONStringify(wire), handleOf(key, 'decrypt'), dataBytes(data, 'decrypt', 'data'));
    return bytesOf(ticket, 'decrypt');
  },

  async sign(algorithm: string | object, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer> {
    const wire = normalizeAlgorithm('sign', algorithm);
    const ticket = host().cryptoSign(JSONStringify(wire), handleOf(key, 'sign'), dataBytes(data, 'sign', 'data'));
    return bytesOf(ticket, 'sign');
  },

  async verify(algorithm: string | object, key: CryptoKey, signature: BufferSource, data: BufferSource): Promise<boolean> {
    const wire = normalizeAlgorithm('verify', algorithm);
    const handle = handleOf(key, 'verify');
    const ticket = host().cryptoVerify(JSONStringify(wire), handle, dataBytes(signature, 'verify', 'signature'), dataBytes(data, 'verify', 'data'));
    return (await awaitTicket(ticket)) === true;
  },

  async digest(algorithm: string | object, data: BufferSource): Promise<ArrayBuffer> {
    const wire = normalizeAlgorithm('digest', algorithm);
    return bytesOf(host().cryptoDigest(JSONStringify(wire), dataBytes(data, 'digest', 'data')), 'digest');
  },
});
