/**
 * TextEncoder (WHATWG Encoding §8.2): strings to UTF-8 bytes. Lone surrogates become U+FFFD, as the
 * USVString conversion requires.
 */
import { describeValue } from '../../errors.ts';
import { TypedArrayTag } from '../../realm/primordials.ts';
import { utf8Encode, utf8EncodeInto, type EncodeIntoResult } from '../../realm/utf8.ts';
import { toDOMString } from './webidl.ts';

export class TextEncoder {
  get encoding(): 'utf-8' {
    return 'utf-8';
  }

  encode(input: string = ''): Uint8Array {
    return utf8Encode(toDOMString(input, 'TextEncoder.encode(input): input'));
  }

  /** Writes as many whole code points of `source` as fit into `destination`. */
  encodeInto(source: string, destination: Uint8Array): EncodeIntoResult {
    if (arguments.length < 2) throw new TypeError(`TextEncoder.encodeInto(source, destination): both arguments are required; got ${arguments.length}`);
    const text = toDOMString(source, 'TextEncoder.encodeInto(): source');
    if (TypedArrayTag(destination) !== 'Uint8Array') {
      throw new TypeError(`TextEncoder.encodeInto(): destination must be a Uint8Array; got ${describeValue(destination)}`);
    }
    return utf8EncodeInto(text, destination);
  }
}

Object.defineProperty(TextEncoder.prototype, Symbol.toStringTag, { value: 'TextEncoder', configurable: true });
