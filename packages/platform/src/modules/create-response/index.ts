/**
 * Built-in module `create-response` (spec §9, decisions 5, 26): validates its arguments and returns
 * an opaque object that a responseProvider resolves with.
 */
import { describeValue } from '../../errors.ts';
import { host, isLinked } from '../../realm/host-link.ts';
import { utf8ByteLength } from '../../realm/utf8.ts';
import { resolveLimits, type Limits, type LimitsProfileName } from '../../limits.ts';
import { primitiveToString, readHeaderObject } from '../shared/header-rules.ts';
import { readBody } from './body.ts';
import { wrapCreatedResponse, type CreatedResponse } from './created-response.ts';

export { readCreatedResponse, type CreatedResponse } from './created-response.ts';

const STATUS_RULE = 'an integer from 200 to 599 (decisions 5)';

function checkStatus(status: unknown): number {
  if (typeof status !== 'number') throw new TypeError(`createResponse(): status must be ${STATUS_RULE}; got ${describeValue(status)}`);
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new RangeError(`createResponse(): status ${describeValue(status)} is out of range; it must be ${STATUS_RULE}`);
  }
  return status;
}

function headerBytes(status: number, headers: Array<[string, string]>): number {
  let bytes = utf8ByteLength(`HTTP/1.1 ${status} \r\n`);
  for (const [name, value] of headers) bytes += name.length + utf8ByteLength(value) + 4;
  return bytes;
}

function build(status: unknown, headers: unknown, body: unknown, denyReason: unknown, limits: Limits): object {
  const checkedStatus = checkStatus(status);
  const pairs = readHeaderObject(headers, 'createResponse(): headers');
  const max = limits.product.createResponseHeaderBytes;
  const bytes = headerBytes(checkedStatus, pairs);
  if (bytes > max) {
    throw new RangeError(`createResponse(): status line and headers take ${bytes} bytes, over the limit of ${max} bytes of the "${limits.profile}" limits profile (spec §21.2)`);
  }
  const response: CreatedResponse = {
    status: checkedStatus,
    headers: pairs,
    body: readBody(body, limits.product.createResponseStringBodyBytes),
    denyReason: denyReason === undefined || denyReason === null ? undefined : primitiveToString(denyReason, 'createResponse(): deny reason', 'a string'),
  };
  return wrapCreatedResponse(response);
}

interface Options {
  status?: unknown;
  headers?: unknown;
  denyReason?: unknown;
  deny_reason?: unknown;
}

function readOptions(opts: unknown): Options {
  if (opts === undefined || opts === null) return {};
  if (typeof opts !== 'object' || Array.isArray(opts)) {
    throw new TypeError(`createResponse(body, opts): opts must be an object with status, headers and denyReason; got ${describeValue(opts)}`);
  }
  return opts as Options;
}

/**
 * `createResponse(status, headers, body, deny_reason?)` or `createResponse(body?, opts?)`; the first
 * form is chosen when the first argument is a number, as the platform's overloads imply.
 */
export function createResponse(...args: unknown[]): object {
  const limits = resolveLimits(200, isLinked() ? (host().limitsProfile() as LimitsProfileName) : 'current');
  if (typeof args[0] === 'number') {
    checkStatus(args[0]);
    if (args[1] === undefined) throw new TypeError('createResponse(status, headers, body): headers is required in the positional form; pass {} for none');
    return build(args[0], args[1], args[2], args[3], limits);
  }
  const opts = readOptions(args[1]);
  return build(opts.status ?? 200, opts.headers ?? {}, args[0], opts.denyReason ?? opts.deny_reason, limits);
}
