/**
 * `atob` and `btoa` (spec §17, HTML "forgiving-base64"): binary strings hold one byte per character.
 */
import { describeValue } from '../../errors.ts';
import { codeUnitsToString } from '../../realm/utf8.ts';
import { primitiveToString } from '../shared/header-rules.ts';
import { binaryStringBytes, decodeBase64, encodeBase64 } from './alphabets.ts';
import { invalidCharacter } from './errors.ts';

const ASCII_WHITESPACE = /[\t\n\f\r ]/g;
const BASE64 = /^[A-Za-z0-9+/]*$/;

/** Bytes of forgiving-base64 input, or undefined when it is not valid base64. */
export function forgivingBase64(input: string): Uint8Array | undefined {
  let data = input.replace(ASCII_WHITESPACE, '');
  if (data.length % 4 === 0) data = data.replace(/={1,2}$/, '');
  if (data.length % 4 === 1 || !BASE64.test(data)) return undefined;
  return decodeBase64(data);
}

export function atob(encodedData: string): string {
  if (arguments.length === 0) throw new TypeError('atob(encodedData): encodedData is required');
  const text = primitiveToString(encodedData, 'atob(): encodedData', 'a string');
  const bytes = forgivingBase64(text);
  if (bytes === undefined) {
    throw invalidCharacter(`atob(): ${describeValue(text)} is not valid base64 (only A-Z a-z 0-9 + / and up to two trailing "=", whitespace ignored, length not 1 more than a multiple of 4)`);
  }
  return codeUnitsToString(bytes);
}

export function btoa(stringToEncode: string): string {
  if (arguments.length === 0) throw new TypeError('btoa(data): data is required');
  const text = primitiveToString(stringToEncode, 'btoa(): data', 'a string');
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) {
      throw invalidCharacter(`btoa(): character ${JSON.stringify(text[i])} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at index ${i} is outside Latin-1; btoa encodes binary strings with one byte (0-255) per character. Encode text with TextEncoder and base64.encode instead`);
    }
  }
  return encodeBase64(binaryStringBytes(text));
}
