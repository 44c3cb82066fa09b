/**
 * The sub-request response body (spec §10): read as a WHATWG byte stream (`response.body`) or
 * buffered (`text()`/`json()`). The dispatch handler pushes socket data straight in (no Node
 * Readable in between); chunks handed to worker code are plain Uint8Array, the per-sub-request
 * response size limit errors the read, and the owner learns once when the body ends, fails or is
 * cancelled. The web stream is made only when worker code asks for it; buffered reads skip it.
 */
import { ReadableStream, type ReadableStreamDefaultController } from 'node:stream/web';
import { noteStreamedBytes } from '../../host/collect-garbage.ts';
import { SubrequestResponseTooLargeError } from './errors.ts';

export interface BodyEvents {
  /** Called once: without an error when the body was read to the end, else with the reason. */
  onDone(error: unknown): void;
}

/** The connection side of a body: flow control and teardown (an undici dispatch controller). */
export interface BodySource {
  pause(): void;
  resume(): void;
  abort(reason: Error): void;
}

/**
 * Unread bytes past which the connection is paused. A read joins what is buffered, up to this much,
 * into one chunk: a reader wakes up once per batch rather than once per small network read.
 */
export const BODY_HIGH_WATER_BYTES = 64 * 1024;

export class SubrequestBody {
  readonly #source: BodySource;
  readonly #url: string;
  readonly #maxBytes: number;
  readonly #events: BodyEvents;
  /** Socket data not yet read, oldest first, and its size. */
  #parts: Uint8Array[] = [];
  #queued = 0;
  #peakQueued = 0;
  #received = 0;
  #paused = false;
  /** The origin sent the whole body (some of it may still be queued). */
  #ended = false;
  #finished = false;
  #failure: Error | undefined;
  /** Wakes the one pending read when data, the end or a failure arrives. */
  #wake: (() => void) | undefined;
  #stream: ReadableStream<Uint8Array> | undefined;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;

  constructor(source: BodySource, url: string, maxBytes: number, events: BodyEvents) {
    this.#source = source;
    this.#url = url;
    this.#maxBytes = maxBytes;
    this.#events = events;
  }

  /** Bytes received from the origin and not read yet. */
  get queuedBytes(): number {
    return this.#queued;
  }

  /** The most unread bytes held at once so far (backpressure keeps it near the high-water mark). */
  get peakQueuedBytes(): number {
    return this.#peakQueued;
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
        pull: (controller) => this.#pull(controller),
        cancel: (reason) => {
          if (this.#finished) return;
          this.#finish(reason ?? 'cancelled');
          this.#parts.length = 0;
          this.#queued = 0;
          // Ends the exchange and frees the connection (a half-read HTTP/1.1 response cannot be reused).
          this.#source.abort(new Error(`subrequest to URL ${this.#url}: response body cancelled`));
        },
      },
      { highWaterMark: 0 },
    );
    return this.#stream;
  }

  /** Socket data from the dispatcher; pauses the connection while too much is unread. */
  push(chunk: Uint8Array): void {
    if (this.#finished || this.#failure !== undefined) return;
    this.#received += chunk.byteLength;
    if (this.#received > this.#maxBytes) {
      this.fail(new SubrequestResponseTooLargeError(`subrequest to URL ${this.#url}: response body exceeds the limit of ${this.#maxBytes} bytes per sub-request (spec §21.1)`));
      return;
    }
    this.#parts.push(chunk);
    this.#queued += chunk.byteLength;
    noteStreamedBytes(chunk.byteLength);
    if (this.#queued > this.#peakQueued) this.#peakQueued = this.#queued;
    if (this.#queued > BODY_HIGH_WATER_BYTES && !this.#paused) {
      this.#paused = true;
      this.#source.pause();
    }
    this.#signal();
  }

  /** The origin finished the body. */
  end(): void {
    this.#ended = true;
    this.#signal();
  }

  /** Errors the body (e.g. on timeout, or a network error) and releases the connection. */
  fail(error: Error): void {
    if (this.#finished) return;
    this.#failure = error;
    this.#parts.length = 0;
    this.#queued = 0;
    this.#controller?.error(error);
    this.#finish(error);
    this.#signal();
    // Last, as it may call back into the exchange; a no-op when the dispatcher reported the error.
    this.#source.abort(error);
  }

  /**
   * Reads the rest without a web stream; `limit` is the buffered-read cap of the profile. Returns
   * the bytes at once when the whole body already arrived, else a promise; throws on failure.
   */
  readAll(limit: number | undefined, onLimit: () => Error): Uint8Array | Promise<Uint8Array> {
    return this.#gather([], 0, limit, onLimit);
  }

  #gather(chunks: Uint8Array[], bytes: number, limit: number | undefined, onLimit: () => Error): Uint8Array | Promise<Uint8Array> {
    // Resuming the connection parses socket data already buffered right away, which may push more
    // parts (and the end) before `#release` returns: hence the loop.
    for (;;) {
      if (this.#failure !== undefined) throw this.#failure;
      if (this.#parts.length === 0) {
        if (this.#ended) break;
        return this.#arrival().then(() => this.#gather(chunks, bytes, limit, onLimit));
      }
      // Buffered reads need no coalescing copy: the parts are joined (or decoded) once at the end.
      for (const part of this.#parts) chunks.push(part);
      bytes += this.#queued;
      if (limit !== undefined && bytes > limit) {
        const error = onLimit();
        this.fail(error);
        throw error;
      }
      this.#release();
    }
    this.#finish(undefined);
    return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, bytes);
  }

  /** Feeds one chunk, the end or the failure to the web stream; waits only when nothing arrived. */
  #pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> | undefined {
    const chunk = this.#poll();
    if (chunk === null) return this.#arrival().then(() => this.#pull(controller));
    if (chunk !== undefined) controller.enqueue(chunk);
    // The failure may predate the stream (e.g. the size limit hit before the first read).
    else if (this.#failure !== undefined) controller.error(this.#failure);
    else controller.close();
    return undefined;
  }

  /** The next chunk as a plain Uint8Array; undefined at the end or after a failure; null if none yet. */
  #poll(): Uint8Array | undefined | null {
    if (this.#finished || this.#failure !== undefined) return undefined;
    if (this.#parts.length > 0) return this.#take();
    if (!this.#ended) return null;
    this.#finish(undefined);
    return undefined;
  }

  /** Joins queued parts (at least one, up to the high-water mark) into a fresh Uint8Array. */
  #take(): Uint8Array {
    const parts = this.#parts;
    let count = 0;
    let size = 0;
    while (count < parts.length && size < BODY_HIGH_WATER_BYTES) size += (parts[count++] as Uint8Array).byteLength;
    // A copy detached from the socket's buffer, so worker code sees a plain Uint8Array.
    const chunk = new Uint8Array(size);
    let at = 0;
    for (let i = 0; i < count; i++) {
      const part = parts[i] as Uint8Array;
      chunk.set(part, at);
      at += part.byteLength;
    }
    if (count === parts.length) parts.length = 0;
    else parts.splice(0, count);
    this.#queued -= size;
    if (this.#paused && this.#queued <= BODY_HIGH_WATER_BYTES) {
      this.#paused = false;
      this.#source.resume();
    }
    return chunk;
  }

  /** Hands over every queued part and lets the connection flow again. */
  #release(): void {
    this.#parts = [];
    this.#queued = 0;
    if (this.#paused) {
      this.#paused = false;
      this.#source.resume();
    }
  }

  #arrival(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  #signal(): void {
    const wake = this.#wake;
    if (wake !== undefined) {
      this.#wake = undefined;
      wake();
    }
  }

  #finish(error: unknown): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#events.onDone(error);
  }
}
