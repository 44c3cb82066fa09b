/**
 * The HttpResponse object a sub-request resolves with (spec §10, decisions 2, 16).
 */
import type { ReadableStream } from 'node:stream/web';
import { WeftError } from '../../errors.ts';
import { HEADER_ENTRIES } from '../shared/header-rules.ts';
import type { SubrequestBody } from './body-stream.ts';

export type RawHeaders = Record<string, string | string[] | undefined>;

/** The received headers, turned into a name → values map only when worker code asks. */
class HeaderTable {
  #raw: RawHeaders | undefined;
  #map: Map<string, string[]> | undefined;
  constructor(raw: RawHeaders) {
    this.#raw = raw;
  }

  get map(): Map<string, string[]> {
    if (this.#map !== undefined) return this.#map;
    const map = new Map<string, string[]>();
    const raw = this.#raw ?? {};
    for (const name of Object.keys(raw)) {
      const value = raw[name];
      if (value !== undefined) map.set(name.toLowerCase(), Array.isArray(value) ? [...value] : [value]);
    }
    this.#raw = undefined;
    this.#map = map;
    return map;
  }
}

class HttpResponseHeaders {
  readonly #table: HeaderTable;
  constructor(table: HeaderTable) {
    this.#table = table;
  }
  /** Values joined with ", ", or null when absent (decisions 16). */
  get(name: string): string | null {
    return this.#table.map.get(String(name).toLowerCase())?.join(', ') ?? null;
  }

  [HEADER_ENTRIES](): Array<[string, string[]]> {
    return [...this.#table.map].map(([name, values]) => [name, [...values]]);
  }
}

/** One-shot decodes hold no state, so a single decoder serves every buffered read. */
const UTF8 = new TextDecoder();

let bodyOf: (response: HttpResponse) => SubrequestBody;

/** The body machinery behind a response, for host-side diagnostics and tests (never worker code). */
export function responseBody(response: HttpResponse): SubrequestBody {
  return bodyOf(response);
}

export class HttpResponse {
  static {
    bodyOf = (response) => response.#body;
  }

  readonly status: number;
  readonly ok: boolean;
  readonly headers: HttpResponseHeaders;
  readonly #table: HeaderTable;
  readonly #body: SubrequestBody;
  readonly #bufferedLimit: number | undefined;
  #used = false;

  constructor(status: number, raw: RawHeaders, body: SubrequestBody, bufferedLimit: number | undefined) {
    this.status = status;
    this.ok = status >= 200 && status <= 299;
    this.#body = body;
    this.#bufferedLimit = bufferedLimit;
    this.#table = new HeaderTable(raw);
    this.headers = new HttpResponseHeaders(this.#table);
  }

  /** One element per header line; undefined when missing (decisions 2). */
  getHeader(name: string): string[] | undefined {
    const values = this.#table.map.get(String(name).toLowerCase());
    return values === undefined ? undefined : [...values];
  }

  /** A fresh, mutable copy with lower-case names in received order. */
  getHeaders(): Record<string, string[]> {
    const copy: Record<string, string[]> = {};
    for (const [name, values] of this.#table.map) copy[name] = [...values];
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
    if (!this.#body.streamCreated) {
      // Synchronous when the whole body already arrived (typical for small responses).
      const bytes = this.#body.readAll(this.#bufferedLimit, () => this.#limitError());
      return UTF8.decode(bytes instanceof Uint8Array ? bytes : await bytes);
    }
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

/**
 * Status line plus header lines, in bytes, as the response-header size limit counts them: from
 * the raw name/value list when the dispatcher exposes it, else from the parsed headers.
 */
export function headerBytes(status: number, headers: RawHeaders | ReadonlyArray<Uint8Array | string>): number {
  let bytes = `HTTP/1.1 ${status} \r\n`.length;
  if (Array.isArray(headers)) {
    const list = headers as ReadonlyArray<Uint8Array | string>;
    for (const item of list) bytes += typeof item === 'string' ? Buffer.byteLength(item) : item.byteLength;
    return bytes + 2 * list.length;
  }
  const parsed = headers as RawHeaders;
  for (const name of Object.keys(parsed)) {
    const value = parsed[name];
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) bytes += name.length + Buffer.byteLength(v) + 4;
  }
  return bytes;
}
