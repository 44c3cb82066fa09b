/**
 * The HttpResponse object a sub-request resolves with (spec §10, decisions 2, 16).
 */
import type { ReadableStream } from 'node:stream/web';
import { WeftError } from '../../errors.ts';
import { HEADER_ENTRIES } from '../shared/header-rules.ts';
import type { SubrequestBody } from './body-stream.ts';

export type RawHeaders = Record<string, string | string[] | undefined>;

class HttpResponseHeaders {
  readonly #headers: Map<string, string[]>;
  constructor(headers: Map<string, string[]>) {
    this.#headers = headers;
  }
  /** Values joined with ", ", or null when absent (decisions 16). */
  get(name: string): string | null {
    return this.#headers.get(String(name).toLowerCase())?.join(', ') ?? null;
  }

  [HEADER_ENTRIES](): Array<[string, string[]]> {
    return [...this.#headers].map(([name, values]) => [name, [...values]]);
  }
}

export class HttpResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: HttpResponseHeaders;
  readonly #headers: Map<string, string[]>;
  readonly #body: SubrequestBody;
  readonly #bufferedLimit: number | undefined;
  #used = false;

  constructor(status: number, raw: RawHeaders, body: SubrequestBody, bufferedLimit: number | undefined) {
    this.status = status;
    this.ok = status >= 200 && status <= 299;
    this.#body = body;
    this.#bufferedLimit = bufferedLimit;
    this.#headers = new Map();
    for (const [name, value] of Object.entries(raw)) {
      if (value !== undefined) this.#headers.set(name.toLowerCase(), Array.isArray(value) ? [...value] : [value]);
    }
    this.headers = new HttpResponseHeaders(this.#headers);
  }

  /** One element per header line; undefined when missing (decisions 2). */
  getHeader(name: string): string[] | undefined {
    const values = this.#headers.get(String(name).toLowerCase());
    return values === undefined ? undefined : [...values];
  }

  /** A fresh, mutable copy with lower-case names in received order. */
  getHeaders(): Record<string, string[]> {
    const copy: Record<string, string[]> = {};
    for (const [name, values] of this.#headers) copy[name] = [...values];
    return copy;
  }

  /** The body as a byte stream; made on first access. */
  get body(): ReadableStream<Uint8Array> {
    return this.#body.stream;
  }

  async text(): Promise<string> {
    if (this.#used || (this.#body.streamCreated && this.#body.stream.locked)) {
      throw new TypeError('httpResponse.text()/json(): the body was already read or is locked by a reader; a body can be consumed once');
    }
    this.#used = true;
    if (!this.#body.streamCreated) return new TextDecoder().decode(await this.#body.readAll(this.#bufferedLimit, () => this.#limitError()));
    const decoder = new TextDecoder();
    let text = '';
    let bytes = 0;
    const reader = this.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (this.#bufferedLimit !== undefined && bytes > this.#bufferedLimit) {
        const error = this.#limitError();
        await reader.cancel(error.message);
        throw error;
      }
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  }

  #limitError(): Error {
    return new WeftError('SUBREQUEST_BUFFERED_BODY_LIMIT', `httpResponse.text()/json(): body exceeds the ${this.#bufferedLimit}-byte limit of the active limits profile; read response.body as a stream instead`);
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

/** Status line plus header lines, in bytes, as the response-header size limit counts them. */
export function headerBytes(status: number, raw: RawHeaders): number {
  let bytes = `HTTP/1.1 ${status} \r\n`.length;
  for (const [name, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) bytes += name.length + Buffer.byteLength(v) + 4;
  }
  return bytes;
}
