/**
 * application/x-www-form-urlencoded (WHATWG URL §5): the parser and serializer behind
 * URLSearchParams, on strings of the realm. Text without `%` is handled as text; only escapes go
 * through bytes, since the standard percent-decodes to bytes and then decodes UTF-8 without BOM.
 */
import { codeUnitsToString, utf8Decode, utf8Encode } from '../../realm/utf8.ts';

const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** WebIDL USVString: ToString (a Symbol is a TypeError), lone surrogates replaced by U+FFFD. */
export function toUSVString(value: unknown, what: string): string {
  if (typeof value === 'symbol') throw new TypeError(`${what} must be a string; got a Symbol, which cannot be converted to one`);
  const text = `${value as string}`;
  return SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\ufffd') : text;
}

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Percent-decodes `text` (URL §1.3) and decodes the bytes as UTF-8 without BOM handling. */
function percentDecode(text: string): string {
  if (text.indexOf('%') === -1) return text;
  const encoded = utf8Encode(text);
  const out = new Uint8Array(encoded.length);
  let o = 0;
  for (let i = 0; i < encoded.length; i++) {
    const byte = encoded[i];
    if (byte === 0x25 && i + 2 < encoded.length) {
      const high = hexDigit(encoded[i + 1]);
      const low = hexDigit(encoded[i + 2]);
      if (high >= 0 && low >= 0) {
        out[o++] = (high << 4) | low;
        i += 2;
        continue;
      }
    }
    out[o++] = byte;
  }
  return utf8Decode(out.subarray(0, o), false, true);
}

function decodeComponent(text: string): string {
  return percentDecode(text.indexOf('+') === -1 ? text : text.replace(/\+/g, ' '));
}

/** URL §5.1 "application/x-www-form-urlencoded parser", for input already converted to a USVString. */
export function parseFormUrlencoded(input: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const sequence of input.split('&')) {
    if (sequence === '') continue;
    const equals = sequence.indexOf('=');
    const name = equals === -1 ? sequence : sequence.slice(0, equals);
    const value = equals === -1 ? '' : sequence.slice(equals + 1);
    pairs.push([decodeComponent(name), decodeComponent(value)]);
  }
  return pairs;
}

// Bytes left as they are: ASCII alphanumerics and * - . _ (the urlencoded percent-encode set's complement).
const KEEP = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-._') KEEP[char.charCodeAt(0)] = 1;
const PLAIN = /^[A-Za-z0-9*\-._]*$/;
const HEX = new Uint8Array([0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46]);

/** URL §5.2 "urlencoded serializer" for one name or value: UTF-8, space as `+`, the rest escaped. */
export function serializeComponent(text: string): string {
  if (PLAIN.test(text)) return text;
  const bytes = utf8Encode(text);
  const out = new Uint8Array(bytes.length * 3);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte < 0x80 && KEEP[byte] === 1) out[o++] = byte;
    else if (byte === 0x20) out[o++] = 0x2b;
    else {
      out[o++] = 0x25;
      out[o++] = HEX[byte >> 4];
      out[o++] = HEX[byte & 15];
    }
  }
  return codeUnitsToString(out, o);
}

export function serializeFormUrlencoded(pairs: ReadonlyArray<readonly [string, string]>): string {
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    if (i > 0) out += '&';
    out += `${serializeComponent(pairs[i][0])}=${serializeComponent(pairs[i][1])}`;
  }
  return out;
}
