/**
 * What the EdgeWorkers `crypto.subtle` subset accepts (spec §18), as data both sides of the door
 * read: importKey formats per algorithm, the algorithms of each operation, which may be named by a
 * plain string, and the parameters (WebCrypto's algorithm dictionaries) each one takes.
 */
import { DOMException } from '../../realm/dom-exception.ts';
import { describeValue } from '../../errors.ts';

export type KeyFormat = 'raw' | 'pkcs8' | 'spki' | 'jwk';
export const KEY_FORMATS: readonly KeyFormat[] = ['raw', 'pkcs8', 'spki', 'jwk'];

export const IMPORT_FORMATS: Readonly<Record<string, readonly KeyFormat[]>> = {
  'RSASSA-PKCS1-v1_5': ['jwk', 'pkcs8', 'spki'],
  'RSA-PSS': ['jwk', 'pkcs8', 'spki'],
  HMAC: ['jwk', 'raw'],
  'AES-CBC': ['jwk', 'raw'],
  ECDSA: ['jwk', 'pkcs8', 'raw', 'spki'],
  'AES-CTR': ['jwk'],
  'RSA-OAEP': ['jwk'],
  'AES-GCM': ['raw'],
};

export interface OperationRule {
  algorithms: readonly string[];
  /** Algorithms that may be passed as a bare name. */
  asString: readonly string[];
}

const AES = ['AES-CBC', 'AES-CTR', 'AES-GCM'];
export const DIGESTS = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];

export const OPERATIONS = {
  importKey: { algorithms: Object.keys(IMPORT_FORMATS), asString: Object.keys(IMPORT_FORMATS) },
  encrypt: { algorithms: [...AES, 'RSA-OAEP'], asString: [] },
  decrypt: { algorithms: [...AES, 'RSA-OAEP'], asString: [] },
  sign: { algorithms: ['HMAC', 'RSA-PSS', 'RSASSA-PKCS1-v1_5', 'ECDSA'], asString: ['HMAC', 'RSASSA-PKCS1-v1_5'] },
  verify: { algorithms: ['HMAC', 'RSA-PSS', 'RSASSA-PKCS1-v1_5', 'ECDSA'], asString: ['HMAC', 'RSASSA-PKCS1-v1_5'] },
  digest: { algorithms: DIGESTS, asString: DIGESTS },
} as const satisfies Record<string, OperationRule>;

export type Operation = keyof typeof OPERATIONS;

export const KEY_USAGES = ['encrypt', 'decrypt', 'sign', 'verify'] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];

/** The usage a key needs for an operation (WebCrypto checks it after the algorithm). */
export const OPERATION_USAGE: Readonly<Record<Exclude<Operation, 'importKey' | 'digest'>, KeyUsage>> = {
  encrypt: 'encrypt', decrypt: 'decrypt', sign: 'sign', verify: 'verify',
};

/**
 * A parameter of an algorithm dictionary: `hash` (a digest name or `{name}`), `bytes` (a
 * BufferSource), `number`, or `string`. On the wire bytes travel as lowercase hex.
 */
export type ParamKind = 'hash' | 'bytes' | 'number' | 'string';
export interface ParamRule {
  kind: ParamKind;
  required: boolean;
}
type Params = Readonly<Record<string, ParamRule>>;

const required = (kind: ParamKind): ParamRule => ({ kind, required: true });
const optional = (kind: ParamKind): ParamRule => ({ kind, required: false });

const CIPHER_PARAMS: Readonly<Record<string, Params>> = {
  'AES-CBC': { iv: required('bytes') },
  'AES-CTR': { counter: required('bytes'), length: required('number') },
  'AES-GCM': { iv: required('bytes'), additionalData: optional('bytes'), tagLength: optional('number') },
  'RSA-OAEP': { label: optional('bytes') },
};

const SIGNATURE_PARAMS: Readonly<Record<string, Params>> = {
  HMAC: {},
  'RSASSA-PKCS1-v1_5': {},
  'RSA-PSS': { saltLength: required('number') },
  ECDSA: { hash: required('hash') },
};

/** The members each (operation, algorithm) reads from the worker's algorithm object; others are ignored. */
export const PARAMS: Readonly<Record<Operation, Readonly<Record<string, Params>>>> = {
  importKey: {
    HMAC: { hash: required('hash'), length: optional('number') },
    'RSASSA-PKCS1-v1_5': { hash: required('hash') },
    'RSA-PSS': { hash: required('hash') },
    'RSA-OAEP': { hash: required('hash') },
    ECDSA: { namedCurve: required('string') },
    'AES-CBC': {},
    'AES-CTR': {},
    'AES-GCM': {},
  },
  encrypt: CIPHER_PARAMS,
  decrypt: CIPHER_PARAMS,
  sign: SIGNATURE_PARAMS,
  verify: SIGNATURE_PARAMS,
  digest: Object.fromEntries(DIGESTS.map((name) => [name, {}])),
};

/** An algorithm as it crosses the door: its canonical name and its parameters (bytes as hex). */
export type WireAlgorithm = { name: string } & Record<string, string | number>;

export function where(operation: Operation): string {
  return `crypto.subtle.${operation}()`;
}

export function notSupported(message: string): DOMException {
  return new DOMException(message, 'NotSupportedError');
}

/** The canonical spelling of `name` among `names` (WebCrypto matches names case-insensitively). */
export function canonicalName(names: readonly string[], name: string): string | undefined {
  const upper = name.toUpperCase();
  return names.find((candidate) => candidate.toUpperCase() === upper);
}

export function checkImportFormat(format: unknown, algorithm: string): KeyFormat {
  const known = KEY_FORMATS.find((f) => f === format);
  if (known === undefined) throw new TypeError(`crypto.subtle.importKey(): format ${describeValue(format)} is not one of ${KEY_FORMATS.join(', ')}`);
  const allowed = IMPORT_FORMATS[algorithm] ?? [];
  if (!allowed.includes(known)) {
    throw notSupported(`crypto.subtle.importKey(): format "${known}" is not supported for algorithm ${algorithm}; EdgeWorkers imports ${algorithm} keys as ${allowed.join(', ')} only (spec §18)`);
  }
  return known;
}

export function checkUsages(usages: unknown): KeyUsage[] {
  if (!Array.isArray(usages)) throw new TypeError(`crypto.subtle.importKey(): keyUsages must be an array of ${KEY_USAGES.join(', ')}; got ${describeValue(usages)}`);
  return usages.map((usage: unknown) => {
    const known = KEY_USAGES.find((u) => u === usage);
    if (known === undefined) throw new TypeError(`crypto.subtle.importKey(): key usage ${describeValue(usage)} is not supported; EdgeWorkers keys allow ${KEY_USAGES.join(', ')} (spec §18)`);
    return known;
  });
}

/** The members of a JsonWebKey (RFC 7517/7518) that WebCrypto reads; `key_ops` is a string list, `ext` a boolean. */
export const JWK_STRING_MEMBERS = ['kty', 'use', 'alg', 'crv', 'x', 'y', 'd', 'n', 'e', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;
