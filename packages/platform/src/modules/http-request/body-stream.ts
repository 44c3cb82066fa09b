/**
 * The sub-request response body (spec §10): read as a WHATWG byte stream (`response.body`) or
 * buffered (`text()`/`json()`). Chunks are plain Uint8Array, the per-sub-request response size
 * limit errors the read, and the owner learns once when the body ends, fails or is cancelled.
 * The web stream is made only when worker code asks for it; buffered reads skip it.
 */
import { ReadableStream, type ReadableStreamDefaultController } from 'node:stream/web';
import type { Readable } from 'node:stream';
import { SubrequestResponseTooLargeError } from './errors.ts';

export interface BodyEvents {
  /** Called once: without an error when the body was read to the end, else with the reason. */
  onDone(error: unknown): void;
}

/** Buffered socket data joined into one chunk, at most this much beyond the first read. */
const COALESCE_BYTES = 64 * 1024;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class SubrequestBody {
  readonly #source: Readable;
  readonly #iterator: AsyncIterator<Buffer>;
  readonly #url: string;
  readonly #maxBytes: number;
  readonly #events: BodyEvents;
  #received = 0;
  #finished = false;
  #failure: Error | undefined;
  #stream: ReadableStream<Uint8Array> | undefined;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;

  constructor(source: Readable, url: string, maxBytes: number, events: BodyEvents) {
    // destroy() makes the body emit an abort error that nobody else may be listening for.
    source.on('error', () => {});
    this.#source = source;
    this.#iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.#url = url;
    this.#maxBytes = maxBytes;
    this.#events = events;
  }

  get streamCreated(): boolean {
    return this.#stream !== undefined;
  }

  get stream(): ReadableStream<Uint8Array> {
    this.#stream ??= new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        pull: async (controller) => {
          const chunk = await this.#next();
          if (chunk === undefined) {
            if (this.#failure === undefined) controller.close();
          } else {
            controller.enqueue(chunk);
          }
        },
        cancel: (reason) => {
          this.#source.destroy();
          this.#finish(reason ?? 'cancelled');
        },
      },
      { highWaterMark: 0 },
    );
    return this.#stream;
  }

  /** Errors the body (e.g. on timeout) and releases the connection. */
  fail(error: Error): void {
    if (this.#finished) return;
    this.#failure = error;
    this.#source.destroy();
    this.#controller?.error(error);
    this.#finish(error);
  }

  /** Reads the rest without a web stream; `limit` is the buffered-read cap of the profile. */
  async readAll(limit: number | undefined, onLimit: () => Error): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    for (;;) {
      const chunk = await this.#next();
      if (this.#failure !== undefined) throw this.#failure;
      if (chunk === undefined) break;
      bytes += chunk.byteLength;
      if (limit !== undefined && bytes > limit) {
        const error = onLimit();
        this.fail(error);
        throw error;
      }
      chunks.push(chunk);
    }
    return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
  }

  /** The next chunk as a plain Uint8Array, or undefined at the end or after a failure. */
  async #next(): Promise<Uint8Array | undefined> {
    if (this.#finished) return undefined;
    let next: IteratorResult<Buffer>;
    try {
      next = await this.#iterator.next();
    } catch (error) {
      this.fail(this.#failure ?? asError(error));
      return undefined;
    }
    if (this.#finished) return undefined;
    if (next.done === true) {
      this.#finish(undefined);
      return undefined;
    }
    // Whatever else the socket already delivered joins this chunk: a reader wakes up once per
    // batch rather than once per small network read (each wake-up costs far more than the copy).
    const parts: Buffer[] = [next.value];
    let size = next.value.byteLength;
    while (size < COALESCE_BYTES) {
      const more = this.#source.read() as Buffer | null;
      if (more === null) break;
      parts.push(more);
      size += more.byteLength;
    }
    this.#received += size;
    if (this.#received > this.#maxBytes) {
      this.fail(new SubrequestResponseTooLargeError(`subrequest to URL ${this.#url}: response body exceeds the limit of ${this.#maxBytes} bytes per sub-request (spec §21.1)`));
      return undefined;
    }
    // A copy detached from Node's Buffer pool, so worker code sees a plain Uint8Array.
    const chunk = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      chunk.set(part, at);
      at += part.byteLength;
    }
    return chunk;
  }

  #finish(error: unknown): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#events.onDone(error);
  }
}
