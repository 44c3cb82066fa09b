/**
 * TextDecoder (WHATWG Encoding §8.1) for UTF-8, the one encoding Weft decodes: `fatal` turns invalid
 * input into a TypeError, `ignoreBOM` keeps a leading U+FEFF, and `{ stream: true }` keeps an
 * unfinished sequence for the next call.
 */
import { describeValue } from '../../errors.ts';
import { decodeRange, utf8IncompleteTail } from '../../realm/utf8.ts';
import { bufferSourceBytes, toDictionary, toDOMString } from './webidl.ts';

// The labels of UTF-8 in the Encoding standard's table (§4.2).
const UTF8_LABELS: ReadonlySet<string> = new Set(['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8']);
const ASCII_WHITESPACE_EDGES = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;
const EMPTY: Uint8Array = new Uint8Array(0);

/** The encoding a label names (Encoding §4.2 "get an encoding"); only UTF-8 is available. */
export function resolveEncodingLabel(label: string, where: string): 'utf-8' {
  const name = label.replace(ASCII_WHITESPACE_EDGES, '').toLowerCase();
  if (UTF8_LABELS.has(name)) return 'utf-8';
  throw new RangeError(`${where}: the encoding label ${describeValue(label)} is not supported; Weft decodes UTF-8 only (labels "utf-8", "utf8", "unicode-1-1-utf-8"). Convert other encodings to UTF-8 at the origin`);
}

export interface TextDecodeOptions {
  stream?: boolean;
}

export interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}

export class TextDecoder {
  readonly #fatal: boolean;
  readonly #ignoreBOM: boolean;
  /** Bytes of an unfinished sequence held by a streaming decode (0-3). */
  #pending: Uint8Array = EMPTY;
  #bomSeen = false;

  constructor(label: string = 'utf-8', options: TextDecoderOptions = {}) {
    const text = toDOMString(label, 'new TextDecoder(label): label');
    const dictionary = toDictionary(options, 'new TextDecoder(label, options): options');
    this.#fatal = Boolean(dictionary.fatal);
    this.#ignoreBOM = Boolean(dictionary.ignoreBOM);
    resolveEncodingLabel(text, 'new TextDecoder(label)');
  }

  get encoding(): 'utf-8' {
    return 'utf-8';
  }

  get fatal(): boolean {
    return this.#fatal;
  }

  get ignoreBOM(): boolean {
    return this.#ignoreBOM;
  }

  decode(input?: ArrayBuffer | ArrayBufferView, options: TextDecodeOptions = {}): string {
    let bytes: Uint8Array = EMPTY;
    if (input !== undefined) {
      const view = bufferSourceBytes(input);
      if (view === undefined) throw new TypeError(`TextDecoder.decode(input): input must be an ArrayBuffer, a typed array or a DataView; got ${describeValue(input)}`);
      bytes = view;
    }
    const stream = Boolean(toDictionary(options, 'TextDecoder.decode(input, options): options').stream);
    if (this.#pending.length > 0) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
    }
    const tail = stream ? utf8IncompleteTail(bytes) : 0;
    let text: string;
    try {
      text = decodeRange(bytes, 0, bytes.length - tail, this.#fatal);
    } catch (error) {
      this.#reset();
      throw error;
    }
    this.#pending = tail > 0 ? bytes.slice(bytes.length - tail) : EMPTY;
    if (!this.#ignoreBOM && !this.#bomSeen && text.length > 0) {
      this.#bomSeen = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (!stream) this.#reset();
    return text;
  }

  #reset(): void {
    this.#pending = EMPTY;
    this.#bomSeen = false;
  }
}

Object.defineProperty(TextDecoder.prototype, Symbol.toStringTag, { value: 'TextDecoder', configurable: true });
