/**
 * Built-in module `text-encode-transform` (spec §12): WHATWG TextEncoderStream/TextDecoderStream
 * (Encoding §8.4, §8.3) on the realm's TransformStream. The decoder is the module `encoding`'s
 * TextDecoder in streaming mode, so it decodes the same encodings; in fatal mode invalid input
 * errors both sides with a TypeError.
 */
import { describeValue } from '../errors.ts';
import { TransformStream, type ReadableStream, type WritableStream } from '../realm/streams.ts';
import { utf8Encode } from '../realm/utf8.ts';
import { TextDecoder, type TextDecoderOptions } from './encoding/index.ts';
import { bufferSourceBytes, toDOMString } from './encoding/webidl.ts';

const REPLACEMENT_BYTES = [0xef, 0xbf, 0xbd];

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export class TextEncoderStream {
  readonly #transform: TransformStream<string, Uint8Array>;

  constructor() {
    // A high surrogate that ends one chunk may pair with a low surrogate that starts the next.
    let pending = '';
    this.#transform = new TransformStream<string, Uint8Array>({
      transform(chunk, controller) {
        let text = pending + toDOMString(chunk, 'TextEncoderStream chunk');
        pending = '';
        if (text.length > 0 && isHighSurrogate(text.charCodeAt(text.length - 1))) {
          pending = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text.length > 0) controller.enqueue(utf8Encode(text));
      },
      flush(controller) {
        if (pending !== '') controller.enqueue(new Uint8Array(REPLACEMENT_BYTES));
      },
    });
  }

  get encoding(): 'utf-8' {
    return 'utf-8';
  }

  get readable(): ReadableStream<Uint8Array> {
    return this.#transform.readable;
  }

  get writable(): WritableStream<string> {
    return this.#transform.writable;
  }
}

export class TextDecoderStream {
  readonly #decoder: TextDecoder;
  readonly #transform: TransformStream<ArrayBuffer | ArrayBufferView, string>;

  constructor(label: string = 'utf-8', options: TextDecoderOptions = {}) {
    const decoder = new TextDecoder(label, options);
    this.#decoder = decoder;
    this.#transform = new TransformStream<ArrayBuffer | ArrayBufferView, string>({
      transform(chunk, controller) {
        const bytes = bufferSourceBytes(chunk);
        if (bytes === undefined) {
          throw new TypeError(`TextDecoderStream: chunks must be bytes (ArrayBuffer, a typed array or a DataView); got ${describeValue(chunk)}`);
        }
        const text = decoder.decode(bytes, { stream: true });
        if (text !== '') controller.enqueue(text);
      },
      flush(controller) {
        const text = decoder.decode();
        if (text !== '') controller.enqueue(text);
      },
    });
  }

  get encoding(): string {
    return this.#decoder.encoding;
  }

  get fatal(): boolean {
    return this.#decoder.fatal;
  }

  get ignoreBOM(): boolean {
    return this.#decoder.ignoreBOM;
  }

  get readable(): ReadableStream<string> {
    return this.#transform.readable;
  }

  get writable(): WritableStream<ArrayBuffer | ArrayBufferView> {
    return this.#transform.writable;
  }
}

Object.defineProperty(TextEncoderStream.prototype, Symbol.toStringTag, { value: 'TextEncoderStream', configurable: true });
Object.defineProperty(TextDecoderStream.prototype, Symbol.toStringTag, { value: 'TextDecoderStream', configurable: true });
