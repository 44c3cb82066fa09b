/**
 * WebCrypto's "normalize an algorithm" for the §18 subset: the worker's algorithm (a name or an
 * object) becomes a WireAlgorithm holding only the members its dictionary defines, each checked
 * and converted here, so the host receives JSON text and never a worker object.
 */
import { describeValue } from '../../errors.ts';
import {
  canonicalName, DIGESTS, notSupported, OPERATIONS, PARAMS, where, type Operation, type OperationRule, type ParamKind, type WireAlgorithm,
} from './algorithms.ts';
import { bufferSourceBytes, toHex } from './buffer-source.ts';

const KIND_TEXT: Readonly<Record<ParamKind, string>> = {
  hash: `a digest name (${DIGESTS.join(', ')}) or an object with that "name"`,
  bytes: 'an ArrayBuffer, a typed array or a DataView',
  number: 'a number',
  string: 'a string',
};

function nameOf(algorithm: unknown): unknown {
  if (typeof algorithm === 'string') return algorithm;
  if (typeof algorithm === 'object' && algorithm !== null) return (algorithm as { name?: unknown }).name;
  return undefined;
}

function convert(operation: Operation, algorithm: string, member: string, kind: ParamKind, value: unknown): string | number {
  const mismatch = (): TypeError => new TypeError(`${where(operation)}: ${algorithm}'s "${member}" must be ${KIND_TEXT[kind]}; got ${describeValue(value)}`);
  switch (kind) {
    case 'hash': {
      const raw = nameOf(value);
      if (typeof raw !== 'string') throw mismatch();
      const hash = canonicalName(DIGESTS, raw);
      if (hash === undefined) throw notSupported(`${where(operation)}: hash "${raw}" is not supported; EdgeWorkers supports ${DIGESTS.join(', ')} (spec §18)`);
      return hash;
    }
    case 'bytes': {
      const bytes = bufferSourceBytes(value);
      if (bytes === undefined) throw mismatch();
      return toHex(bytes);
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw mismatch();
      return value;
    case 'string':
      if (typeof value !== 'string') throw mismatch();
      return value;
  }
}

/** Reads an algorithm argument against the operation's tables; the name is matched case-insensitively. */
export function normalizeAlgorithm(operation: Operation, algorithm: unknown): WireAlgorithm {
  const rule: OperationRule = OPERATIONS[operation];
  const rawName = nameOf(algorithm);
  if (typeof rawName !== 'string') {
    throw new TypeError(`${where(operation)}: algorithm must be ${rule.asString.length > 0 ? 'a name or ' : ''}an object with a string "name"; got ${describeValue(algorithm)}`);
  }
  const name = canonicalName(rule.algorithms, rawName);
  if (name === undefined) throw notSupported(`${where(operation)}: algorithm "${rawName}" is not supported; EdgeWorkers supports ${rule.algorithms.join(', ')} (spec §18)`);
  if (typeof algorithm === 'string' && !rule.asString.includes(name)) {
    throw new TypeError(`${where(operation)}: algorithm ${name} must be given as an object with its parameters, not as the string ${describeValue(algorithm)} (spec §18)`);
  }
  const wire: WireAlgorithm = { name };
  const params = PARAMS[operation][name] ?? {};
  for (const member of Object.keys(params)) {
    const param = params[member];
    if (param === undefined) continue;
    const value: unknown = typeof algorithm === 'string' ? undefined : (algorithm as Record<string, unknown>)[member];
    if (value === undefined) {
      if (param.required) throw new TypeError(`${where(operation)}: ${name} needs "${member}" in its algorithm object (${KIND_TEXT[param.kind]}); got undefined`);
      continue;
    }
    wire[member] = convert(operation, name, member, param.kind, value);
  }
  return wire;
}
