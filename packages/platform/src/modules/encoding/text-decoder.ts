/**
 * TextDecoder (WHATWG Encoding §8.1): `fatal` turns invalid input into a TypeError, `ignoreBOM`
 * keeps a leading U+FEFF, and `{ stream: true }` keeps an unfinished sequence for the next call.
 * UTF-8 is decoded here, in the worker's realm; the legacy encodings the edge also decodes (spec
 * §17: ISO-8859-2, KOI8-R, GBK, ...) are decoded by the host's ICU through the door
 * (host-api.ts), and the string that comes back is a primitive.
 */
import { describeValue } from '../../errors.ts';
import { host } from '../../realm/host-link.ts';
import { SafeRangeError } from '../../realm/primordials.ts';
import { decodeRange, utf8IncompleteTail } from '../../realm/utf8.ts';
import { bufferSourceBytes, toDictionary, toDOMString } from './webidl.ts';

// The labels of UTF-8 in the Encoding standard's table (Encoding §4.2).
const UTF8_LABELS: ReadonlySet<string> = new Set(['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8']);
const ASCII_WHITESPACE_EDGES = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;
const EMPTY: Uint8Array = new Uint8Array(0);

/** The encoding a label names (Encoding §4.2 "get an encoding"): UTF-8 here, any other from the host. */
export function resolveEncodingLabel(label: string, where: string): string {
  const name = label.replace(ASCII_WHITESPACE_EDGES, '').toLowerCase();
  if (UTF8_LABELS.has(name)) return 'utf-8';
  const legacy = host().legacyEncoding(name);
  if (legacy !== '') return legacy;
  throw new SafeRangeError(`${where}: the encoding label ${describeValue(label)} names no encoding TextDecoder decodes; use a label from the WHATWG Encoding standard, such as "utf-8", "iso-8859-2", "koi8-r" or "gbk"`);
}

/** Streaming legacy decoders whose state the host keeps: released when the worker drops one mid-stream. */
const releasedStreams = new FinalizationRegistry<number>((stream) => {
  try {
    host().legacyDecodeRelease(stream);
  } catch {
    // The host went away with its realm; nothing is left to release.
  }
});
let lastStream = 0;

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
  readonly #encoding: string;
  /** For a legacy encoding: this decoder's number on the host while a stream is under way, else 0. */
  #stream = 0;
  /** Bytes of an unfinished sequence held by a streaming decode (0-3). */
  #pending: Uint8Array = EMPTY;
  #bomSeen = false;

  constructor(label: string = 'utf-8', options: TextDecoderOptions = {}) {
    const text = toDOMString(label, 'new TextDecoder(label): label');
    const dictionary = toDictionary(options, 'new TextDecoder(label, options): options');
    this.#fatal = Boolean(dictionary.fatal);
    this.#ignoreBOM = Boolean(dictionary.ignoreBOM);
    this.#encoding = resolveEncodingLabel(text, 'new TextDecoder(label)');
  }

  get encoding(): string {
    return this.#encoding;
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
    if (this.#encoding !== 'utf-8') return this.#decodeLegacy(bytes, stream);
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

  #decodeLegacy(bytes: Uint8Array, stream: boolean): string {
    if (stream && this.#stream === 0) {
      this.#stream = ++lastStream;
      releasedStreams.register(this, this.#stream, this);
    }
    const id = this.#stream;
    if (!stream && id !== 0) {
      this.#stream = 0;
      releasedStreams.unregister(this);
    }
    try {
      return host().legacyDecode(id, this.#encoding, this.#fatal, this.#ignoreBOM, bytes, stream);
    } catch (error) {
      // A fatal error ends the stream on the host too.
      if (this.#stream !== 0) releasedStreams.unregister(this);
      this.#stream = 0;
      throw error;
    }
  }

  #reset(): void {
    this.#pending = EMPTY;
    this.#bomSeen = false;
  }
}

Object.defineProperty(TextDecoder.prototype, Symbol.toStringTag, { value: 'TextDecoder', configurable: true });
