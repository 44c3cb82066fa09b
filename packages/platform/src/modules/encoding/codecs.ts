/**
 * `base64`, `base64url` and `base16` (spec §17): encode bytes to text, decode text to bytes or to a
 * binary string. `encode()` takes exactly one Uint8Array.
 */
import { describeValue } from '../../errors.ts';
import { TypedArrayTag } from '../../realm/primordials.ts';
import { codeUnitsToString } from '../../realm/utf8.ts';
import { decodeBase16, decodeBase64, encodeBase16, encodeBase64, encodeBase64Url } from './alphabets.ts';
import { forgivingBase64 } from './binary-string.ts';
import { invalidCharacter } from './errors.ts';

type OutputFormat = 'Uint8Array' | 'String';

export interface Codec {
  encode(dataToBeEncoded: Uint8Array): string;
  decode(encodedData: string, outputFormat?: OutputFormat): string | Uint8Array;
}

function readBytes(name: string, args: unknown[]): Uint8Array {
  if (args.length !== 1) throw new TypeError(`${name}.encode(): takes exactly one argument (a Uint8Array); got ${args.length} arguments`);
  const [data] = args;
  // The typed array's internal kind, not its prototype: a Uint8Array of any realm passes.
  if (TypedArrayTag(data) !== 'Uint8Array') {
    throw new TypeError(`${name}.encode(): dataToBeEncoded must be a Uint8Array; got ${describeValue(data)}`);
  }
  return data as Uint8Array;
}

function output(name: string, bytes: Uint8Array, format: unknown): string | Uint8Array {
  if (format === undefined || format === 'Uint8Array') return bytes;
  if (format === 'String') return codeUnitsToString(bytes);
  throw new TypeError(`${name}.decode(): outputFormat must be "Uint8Array" or "String"; got ${describeValue(format)}`);
}

function makeCodec(name: string, encode: (bytes: Uint8Array) => string, decode: (text: string) => Uint8Array | undefined, rule: string): Codec {
  return Object.freeze({
    encode(...args: unknown[]): string {
      return encode(readBytes(name, args));
    },
    decode(encodedData: string, outputFormat?: OutputFormat): string | Uint8Array {
      if (typeof encodedData !== 'string') throw new TypeError(`${name}.decode(): encodedData must be a string; got ${describeValue(encodedData)}`);
      const bytes = decode(encodedData);
      if (bytes === undefined) throw invalidCharacter(`${name}.decode(): ${describeValue(encodedData)} is not valid ${name} (${rule})`);
      return output(name, bytes, outputFormat);
    },
  });
}

export const base64 = makeCodec('base64', encodeBase64, forgivingBase64, 'A-Z a-z 0-9 + / with optional "=" padding');

export const base64url = makeCodec(
  'base64url',
  encodeBase64Url,
  (text) => {
    const data = text.replace(/={1,2}$/, '');
    return /^[A-Za-z0-9_-]*$/.test(data) && data.length % 4 !== 1 ? decodeBase64(data) : undefined;
  },
  'A-Z a-z 0-9 - _ without padding',
);

export const base16 = makeCodec(
  'base16',
  encodeBase16,
  (text) => (/^(?:[0-9a-fA-F]{2})*$/.test(text) ? decodeBase16(text) : undefined),
  'pairs of hex digits 0-9 a-f, either case',
);
