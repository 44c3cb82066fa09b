/**
 * `base64`, `base64url` and `base16` (spec §17): encode bytes to text, decode text to bytes or to a
 * binary string. `encode()` takes exactly one Uint8Array.
 */
import { describeValue } from '../../errors.ts';
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
  // Checked by tag so that arrays from the worker's realm pass too.
  if (!ArrayBuffer.isView(data) || Object.prototype.toString.call(data) !== '[object Uint8Array]') {
    throw new TypeError(`${name}.encode(): dataToBeEncoded must be a Uint8Array; got ${describeValue(data)}`);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function output(name: string, bytes: Buffer, format: unknown): string | Uint8Array {
  if (format === undefined || format === 'Uint8Array') return new Uint8Array(bytes);
  if (format === 'String') return bytes.toString('latin1');
  throw new TypeError(`${name}.decode(): outputFormat must be "Uint8Array" or "String"; got ${describeValue(format)}`);
}

function makeCodec(name: string, encode: (bytes: Buffer) => string, decode: (text: string) => Buffer | undefined, rule: string): Codec {
  return Object.freeze({
    encode(...args: unknown[]): string {
      const bytes = readBytes(name, args);
      return encode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
    decode(encodedData: string, outputFormat?: OutputFormat): string | Uint8Array {
      if (typeof encodedData !== 'string') throw new TypeError(`${name}.decode(): encodedData must be a string; got ${describeValue(encodedData)}`);
      const bytes = decode(encodedData);
      if (bytes === undefined) throw invalidCharacter(`${name}.decode(): ${describeValue(encodedData)} is not valid ${name} (${rule})`);
      return output(name, bytes, outputFormat);
    },
  });
}

export const base64 = makeCodec('base64', (b) => b.toString('base64'), forgivingBase64, 'A-Z a-z 0-9 + / with optional "=" padding');

export const base64url = makeCodec(
  'base64url',
  (b) => b.toString('base64url'),
  (text) => {
    const data = text.replace(/={1,2}$/, '');
    return /^[A-Za-z0-9_-]*$/.test(data) && data.length % 4 !== 1 ? Buffer.from(data, 'base64url') : undefined;
  },
  'A-Z a-z 0-9 - _ without padding',
);

export const base16 = makeCodec(
  'base16',
  (b) => b.toString('hex'),
  (text) => (/^(?:[0-9a-fA-F]{2})*$/.test(text) ? Buffer.from(text, 'hex') : undefined),
  'pairs of hex digits 0-9 a-f, either case',
);
