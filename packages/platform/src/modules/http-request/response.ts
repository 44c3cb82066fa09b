/**
 * The HttpResponse object a sub-request resolves with (spec §10, decisions 2, 16), built in the
 * realm from the host's ResponseHead. The body stays on the host: `body` streams it chunk by chunk,
 * `text()`/`json()` ask the host to buffer and decode it in one crossing.
 */
import { awaitTicket, host } from '../../realm/host-link.ts';
import { hostSourceStream } from '../../realm/host-source.ts';
import { PromiseThen } from '../../realm/primordials.ts';
import { ReadableStream } from '../../realm/streams.ts';
import { utf8Decode } from '../../realm/utf8.ts';
import { HEADER_ENTRIES } from '../shared/header-rules.ts';
import { bufferedLimitError, rebuildSubrequestError } from './errors.ts';
import type { ResponseHead } from './host-api.ts';

type RawHeaders = ResponseHead['headers'];

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
      if (typeof value === 'string') map.set(name.toLowerCase(), [value]);
      else if (Array.isArray(value)) map.set(name.toLowerCase(), value.map(String));
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

/**
 * A body the realm dropped unread, or read up to its failure, is still registered on the host (a
 * read may yet come); collecting the response releases it. An unfinished exchange still ends by
 * its deadline, as the trace records.
 */
const unread = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<number>((source) => host().subrequestRelease(source))
  : undefined;

let sourceOf: (response: HttpResponse) => number;

/** The host byte source behind a response, for host-side diagnostics and tests (never worker code). */
export function responseSource(response: HttpResponse): number {
  return sourceOf(response);
}

function closedStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
}

export class HttpResponse {
  static {
    sourceOf = (response) => response.#source;
  }

  readonly status: number;
  readonly ok: boolean;
  readonly headers: HttpResponseHeaders;
  readonly #table: HeaderTable;
  readonly #source: number;
  readonly #bufferedLimit: number | undefined;
  #stream: ReadableStream<Uint8Array> | undefined;
  #used = false;

  constructor(head: ResponseHead) {
    this.status = head.status;
    this.ok = head.status >= 200 && head.status <= 299;
    this.#source = head.body;
    this.#bufferedLimit = head.limit ?? undefined;
    this.#table = new HeaderTable(head.headers);
    this.headers = new HttpResponseHeaders(this.#table);
    unread?.register(this, head.body, this);
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

  /** The body as a byte stream; made on first access (empty once text()/json() consumed it). */
  get body(): ReadableStream<Uint8Array> {
    if (this.#stream === undefined) {
      this.#stream = this.#used ? closedStream() : hostSourceStream(this.#source);
      // From here the stream owns the host source, and a reader keeps the stream (not this response)
      // alive: `(await httpRequest(url)).body.getReader()` must not lose its body when the response
      // is collected mid-read. The source is released once the stream itself is collected.
      if (!this.#used && unread !== undefined) {
        unread.unregister(this);
        unread.register(this.#stream, this.#source);
      }
    }
    return this.#stream;
  }

  async text(): Promise<string> {
    if (this.#used || this.#stream?.locked === true) {
      throw new TypeError('httpResponse.text()/json(): the body was already read or is locked by a reader; a body can be consumed once');
    }
    this.#used = true;
    if (this.#stream === undefined) {
      const ticket = host().subrequestText(this.#source);
      return PromiseThen(awaitTicket(ticket), String, (error: unknown) => {
        throw rebuildSubrequestError(error);
      }) as Promise<string>;
    }
    return this.#readStream(this.#stream);
  }

  /** text() once worker code touched `body` (without locking it): reads on through the stream. */
  async #readStream(stream: ReadableStream<Uint8Array>): Promise<string> {
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (this.#bufferedLimit !== undefined && bytes > this.#bufferedLimit) {
        const error = bufferedLimitError(this.#bufferedLimit);
        await reader.cancel(error.message);
        throw error;
      }
      chunks.push(value);
    }
    if (chunks.length === 1) return utf8Decode(chunks[0] as Uint8Array);
    const joined = new Uint8Array(bytes);
    let at = 0;
    for (const chunk of chunks) {
      joined.set(chunk, at);
      at += chunk.byteLength;
    }
    return utf8Decode(joined);
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}
