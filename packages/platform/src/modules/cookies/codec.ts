/**
 * Cookie name/value rules and the default codec (spec §14, decisions 14): values are written with
 * `encodeURIComponent` and read back with `decodeURIComponent` when they contain an escape.
 */
import { describeValue } from '../../errors.ts';

export type Codec = (text: string) => string;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// cookie-octet of RFC 6265 §4.1.1: no controls, whitespace, DQUOTE, comma, semicolon or backslash.
const COOKIE_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;
const ATTRIBUTE_VALUE = /^[^\x00-\x1f\x7f;]*$/;

export function defaultDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch (error) {
    // A cookie value with a stray % is kept as written; only URIError means that.
    if (!(error instanceof URIError)) throw error;
    return text;
  }
}

export const defaultEncode: Codec = encodeURIComponent;

export function readCodec(options: unknown, key: 'encode' | 'decode', where: string): Codec | undefined {
  if (options === undefined || options === null) return undefined;
  const codec = (options as Record<string, unknown>)[key];
  if (codec === undefined) return undefined;
  if (typeof codec !== 'function') throw new TypeError(`${where}: options.${key} must be a function (string) => string; got ${describeValue(codec)}`);
  return (text) => String(codec(text));
}

export function checkName(name: string, where: string): void {
  if (!TOKEN.test(name)) throw new TypeError(`${where}: cookie name ${describeValue(name)} is not a valid RFC 6265 token (letters, digits and !#$%&'*+-.^_\`|~ only)`);
}

export function checkEncodedValue(name: string, value: string, where: string): void {
  if (!COOKIE_VALUE.test(unquote(value))) {
    throw new TypeError(`${where}: encoded value ${describeValue(value)} of cookie "${name}" contains characters RFC 6265 forbids (whitespace, '"', ',', ';', '\\' or controls); use an encode option that escapes them`);
  }
}

export function checkAttribute(attribute: string, value: string, where: string): void {
  if (!ATTRIBUTE_VALUE.test(value)) throw new TypeError(`${where}: ${attribute} ${describeValue(value)} may not contain ';' or control characters`);
}

/** A cookie-value may be wrapped in double quotes (RFC 6265 §4.1.1); the quotes are not part of it. */
export function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Splits `a=1; b` into pairs (values as written); a part without `=` is a name with an empty value. */
export function splitPairs(header: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of header.split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    const name = (eq === -1 ? trimmed : trimmed.slice(0, eq)).trim();
    pairs.push([name, eq === -1 ? '' : trimmed.slice(eq + 1).trim()]);
  }
  return pairs;
}
