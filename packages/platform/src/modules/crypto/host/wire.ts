/**
 * The host reading what the realm sent for crypto: JSON text and bytes from an untrusted realm.
 * The realm already normalized them (normalize.ts); this checks them again against the same tables
 * and builds the parameters Node's WebCrypto takes, so a tampered realm gets a TypeError, never
 * a parameter the §18 subset does not have.
 */
import {
  checkImportFormat, checkUsages, DIGESTS, JWK_STRING_MEMBERS, OPERATIONS, PARAMS, where,
  type KeyFormat, type KeyUsage, type Operation, type OperationRule, type ParamRule,
} from '../algorithms.ts';
import { describeValue } from '../../../errors.ts';

/** Node's algorithm parameters: the name plus members converted from the wire (bytes as Uint8Array). */
export type HostAlgorithm = { name: string } & Record<string, string | number | Uint8Array>;

const HEX = /^(?:[0-9a-f]{2})*$/;

function parseJson(text: unknown, operation: Operation, what: string): unknown {
  if (typeof text !== 'string') throw new TypeError(`${where(operation)}: ${what} must arrive as JSON text; got ${describeValue(text)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TypeError(`${where(operation)}: ${what} is not valid JSON`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readParam(operation: Operation, name: string, member: string, rule: ParamRule, value: unknown): string | number | Uint8Array {
  const fail = (): never => {
    throw new TypeError(`${where(operation)}: ${name}'s "${member}" arrived as ${describeValue(value)}, which is no ${rule.kind}`);
  };
  switch (rule.kind) {
    case 'hash':
      return typeof value === 'string' && DIGESTS.includes(value) ? value : fail();
    case 'bytes':
      return typeof value === 'string' && HEX.test(value) ? new Uint8Array(Buffer.from(value, 'hex')) : fail();
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : fail();
    case 'string':
      return typeof value === 'string' ? value : fail();
  }
}

/** The algorithm of a call, checked against the operation's tables. */
export function parseAlgorithm(operation: Operation, json: unknown): HostAlgorithm {
  const wire = parseJson(json, operation, 'the algorithm');
  const rule: OperationRule = OPERATIONS[operation];
  if (!isRecord(wire) || typeof wire.name !== 'string' || !rule.algorithms.includes(wire.name)) {
    throw new TypeError(`${where(operation)}: the algorithm must name one of ${rule.algorithms.join(', ')}`);
  }
  const name = wire.name;
  const params = PARAMS[operation][name] ?? {};
  const algorithm: HostAlgorithm = { name };
  for (const member of Object.keys(wire)) {
    if (member !== 'name' && !Object.hasOwn(params, member)) throw new TypeError(`${where(operation)}: ${name} takes no "${member}"`);
  }
  for (const [member, param] of Object.entries(params)) {
    const value = wire[member];
    if (value === undefined) {
      if (param.required) throw new TypeError(`${where(operation)}: ${name} needs "${member}" in its algorithm object`);
      continue;
    }
    algorithm[member] = readParam(operation, name, member, param, value);
  }
  return algorithm;
}

export function parseFormat(format: unknown, algorithm: string): KeyFormat {
  return checkImportFormat(format, algorithm);
}

export function parseUsages(json: unknown): KeyUsage[] {
  return checkUsages(parseJson(json, 'importKey', 'keyUsages'));
}

/** A JsonWebKey with only the members WebCrypto reads, each of its type; never extractable. */
export function parseJwk(json: unknown): JsonWebKey {
  const wire = parseJson(json, 'importKey', 'the JWK');
  if (!isRecord(wire)) throw new TypeError('crypto.subtle.importKey(): a "jwk" key must be a JSON Web Key object');
  const jwk: Record<string, unknown> = {};
  for (const [member, value] of Object.entries(wire)) {
    const ok = (JWK_STRING_MEMBERS as readonly string[]).includes(member) ? typeof value === 'string'
      : member === 'key_ops' ? Array.isArray(value) && value.every((op) => typeof op === 'string')
      : member === 'ext' ? value === false
      : false;
    if (!ok) throw new TypeError(`crypto.subtle.importKey(): the JWK's "${member}" arrived as ${describeValue(value)}, which WebCrypto does not take there`);
    jwk[member] = value;
  }
  return jwk as JsonWebKey;
}
