/**
 * Header name and value rules shared by the built-in modules (RFC 7230 §3.2, spec §9, §10) and the
 * conversion of sandbox values to strings (decisions 26: primitives go through `String()`).
 */
import { describeValue } from '../../errors.ts';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// field-value: visible characters, obs-text (anything past ASCII) and SP/HTAB; no other controls.
const FIELD_VALUE = /^[^\x00-\x08\x0a-\x1f\x7f]*$/;

export function isPrimitive(value: unknown): value is string | number | boolean | bigint | symbol {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint';
}

/** Converts a primitive the way V8 host bindings do; anything else is a TypeError naming `what`. */
export function primitiveToString(value: unknown, what: string, rule: string): string {
  if (isPrimitive(value)) return String(value);
  throw new TypeError(`${what} must be ${rule}; got ${describeValue(value)}`);
}

export function checkHeaderName(name: string, where: string): void {
  if (!TOKEN.test(name)) {
    throw new TypeError(`${where}: header name ${describeValue(name)} is not a valid RFC 7230 token (letters, digits and !#$%&'*+-.^_\`|~ only)`);
  }
}

export function checkHeaderValue(name: string, value: string, where: string): void {
  if (!FIELD_VALUE.test(value)) {
    throw new TypeError(`${where}: value ${describeValue(value)} of header "${name}" contains a control character (CR, LF, NUL, ...), which RFC 7230 forbids`);
  }
}

/**
 * Host objects that hold headers privately (httpResponse.headers) list them through this key; the
 * [DOC] create-response example passes `response.headers` straight to `createResponse`.
 */
export const HEADER_ENTRIES: unique symbol = Symbol('weft.headerEntries');

interface HeaderSource {
  [HEADER_ENTRIES](): Array<[string, string[]]>;
}

function isHeaderSource(value: object): value is HeaderSource {
  return typeof (value as Partial<HeaderSource>)[HEADER_ENTRIES] === 'function';
}

/**
 * Reads a `{ name: string | string[] }` object from worker code into validated pairs, in order.
 * `where` prefixes messages, e.g. `createResponse(): headers`.
 */
export function readHeaderObject(headers: unknown, where: string): Array<[string, string]> {
  if (headers === undefined) return [];
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    throw new TypeError(`${where} must be an object mapping header names to a string or an array of strings; got ${describeValue(headers)}`);
  }
  const pairs: Array<[string, string]> = [];
  const entries: Array<[string, unknown]> = isHeaderSource(headers) ? headers[HEADER_ENTRIES]() : Object.entries(headers);
  for (const [name, raw] of entries) {
    checkHeaderName(name, where);
    const values: unknown[] = Array.isArray(raw) ? raw : [raw];
    for (const item of values) {
      const value = primitiveToString(item, `${where}: value of header "${name}"`, 'a string or an array of strings');
      checkHeaderValue(name, value, where);
      pairs.push([name, value]);
    }
  }
  return pairs;
}
