/**
 * What the EdgeWorkers `crypto.subtle` subset accepts (spec §18): importKey formats per algorithm,
 * the algorithms of each operation, and which may be named by a plain string.
 */
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

export const OPERATIONS = {
  importKey: { algorithms: Object.keys(IMPORT_FORMATS), asString: Object.keys(IMPORT_FORMATS) },
  encrypt: { algorithms: [...AES, 'RSA-OAEP'], asString: [] },
  decrypt: { algorithms: [...AES, 'RSA-OAEP'], asString: [] },
  sign: { algorithms: ['HMAC', 'RSA-PSS', 'RSASSA-PKCS1-v1_5', 'ECDSA'], asString: ['HMAC', 'RSASSA-PKCS1-v1_5'] },
  verify: { algorithms: ['HMAC', 'RSA-PSS', 'RSASSA-PKCS1-v1_5', 'ECDSA'], asString: ['HMAC', 'RSASSA-PKCS1-v1_5'] },
  digest: { algorithms: ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'], asString: ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] },
} as const satisfies Record<string, OperationRule>;

export type Operation = keyof typeof OPERATIONS;

export const KEY_USAGES = ['encrypt', 'decrypt', 'sign', 'verify'] as const;

export interface NormalizedAlgorithm {
  name: string;
  /** What to hand to Node's WebCrypto: the worker's object with the canonical name. */
  params: { name: string } & Record<string, unknown>;
}

function notSupported(message: string): DOMException {
  return new DOMException(message, 'NotSupportedError');
}

/** Reads an algorithm argument against the operation's table; the name is matched case-insensitively. */
export function normalizeAlgorithm(operation: Operation, algorithm: unknown): NormalizedAlgorithm {
  const rule: OperationRule = OPERATIONS[operation];
  const where = `crypto.subtle.${operation}()`;
  const rawName = typeof algorithm === 'string' ? algorithm : typeof algorithm === 'object' && algorithm !== null ? (algorithm as { name?: unknown }).name : undefined;
  if (typeof rawName !== 'string') {
    throw new TypeError(`${where}: algorithm must be ${rule.asString.length > 0 ? 'a name or ' : ''}an object with a string "name"; got ${describeValue(algorithm)}`);
  }
  const name = rule.algorithms.find((candidate) => candidate.toUpperCase() === rawName.toUpperCase());
  if (name === undefined) throw notSupported(`${where}: algorithm "${rawName}" is not supported; EdgeWorkers supports ${rule.algorithms.join(', ')} (spec §18)`);
  if (typeof algorithm === 'string') {
    if (!rule.asString.includes(name)) throw new TypeError(`${where}: algorithm ${name} must be given as an object with its parameters, not as the string ${describeValue(algorithm)} (spec §18)`);
    return { name, params: { name } };
  }
  return { name, params: { ...(algorithm as Record<string, unknown>), name } };
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
