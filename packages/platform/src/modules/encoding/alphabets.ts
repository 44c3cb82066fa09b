/**
 * Base64 (RFC 4648 §4), base64url (RFC 4648 §5) and base16 (RFC 4648 §8) over bytes, in plain
 * ECMAScript. Callers validate the text first; decoding here assumes only alphabet characters remain.
 */
import { codeUnitsToString } from '../../realm/utf8.ts';

const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX_CHARS = '0123456789abcdef';
const PAD = 0x3d; // '='

function codes(alphabet: string): Uint8Array {
  const out = new Uint8Array(alphabet.length);
  for (let i = 0; i < alphabet.length; i++) out[i] = alphabet.charCodeAt(i);
  return out;
}

/** Character code to 6-bit value for both base64 alphabets ('+' '-' are 62, '/' '_' are 63). */
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  SEXTET[BASE64_CHARS.charCodeAt(i)] = i;
  SEXTET[BASE64URL_CHARS.charCodeAt(i)] = i;
}

const STANDARD = codes(BASE64_CHARS);
const URL_SAFE = codes(BASE64URL_CHARS);
const HEX = codes(HEX_CHARS);

function encode64(bytes: Uint8Array, alphabet: Uint8Array, pad: boolean): string {
  const length = bytes.length;
  const whole = length - (length % 3);
  const rest = length - whole;
  const out = new Uint8Array(Math.ceil(length / 3) * 4);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = alphabet[n >> 18];
    out[o++] = alphabet[(n >> 12) & 63];
    out[o++] = alphabet[(n >> 6) & 63];
    out[o++] = alphabet[n & 63];
  }
  if (rest > 0) {
    const n = (bytes[whole] << 16) | (rest === 2 ? bytes[whole + 1] << 8 : 0);
    out[o++] = alphabet[n >> 18];
    out[o++] = alphabet[(n >> 12) & 63];
    if (rest === 2) out[o++] = alphabet[(n >> 6) & 63];
    if (pad) {
      out[o++] = PAD;
      if (rest === 1) out[o++] = PAD;
    }
  }
  return codeUnitsToString(out, o);
}

export function encodeBase64(bytes: Uint8Array): string {
  return encode64(bytes, STANDARD, true);
}

export function encodeBase64Url(bytes: Uint8Array): string {
  return encode64(bytes, URL_SAFE, false);
}

/**
 * Bytes of unpadded base64 or base64url text of valid characters whose length is not 1 more than a
 * multiple of 4; the bits past the last whole byte are dropped (forgiving-base64).
 */
export function decodeBase64(text: string): Uint8Array {
  const length = text.length;
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let o = 0;
  let bits = 0;
  let count = 0;
  for (let i = 0; i < length; i++) {
    bits = (bits << 6) | SEXTET[text.charCodeAt(i)];
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[o++] = (bits >> count) & 0xff;
      bits &= (1 << count) - 1;
    }
  }
  return o === out.length ? out : out.subarray(0, o);
}

export function encodeBase16(bytes: Uint8Array): string {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0, o = 0; i < bytes.length; i++) {
    out[o++] = HEX[bytes[i] >> 4];
    out[o++] = HEX[bytes[i] & 15];
  }
  return codeUnitsToString(out);
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  return (code | 0x20) - 0x61 + 10;
}

/** Bytes of an even-length string of hex digits (either case). */
export function decodeBase16(text: string): Uint8Array {
  const out = new Uint8Array(text.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (hexValue(text.charCodeAt(2 * i)) << 4) | hexValue(text.charCodeAt(2 * i + 1));
  return out;
}

/** A binary string (one char per byte) as bytes; callers checked every code is below 256. */
export function binaryStringBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
