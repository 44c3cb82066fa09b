/**
 * The sub-request response body on the host (spec §10): a HostByteSource the realm reads chunk by
 * chunk (`response.body`, through realm/host-source.ts) or buffered in one go (`text()`/`json()`).
 * The dispatch handler pushes socket data straight in; the per-sub-request response size limit
 * fails the body, the connection pauses while too much is unread, and the owner learns once when
 * the body ends, fails or is cancelled.
 */
import { noteStreamedBytes } from '../../../host/collect-garbage.ts';
import type { HostByteSource } from '../../../host/host-context.ts';
import { SubrequestResponseTooLargeError } from '../errors.ts';

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

export class SubrequestBody implements HostByteSource {
  readonly #source: BodySource;
  readonly #url: string;
  readonly #maxBytes: number;
  readonly #events: BodyEvents;
  /** The buffered-read cap of the limits profile (text()/json()). */
  readonly bufferedLimit: number | undefined;
  /** Called when the realm can no longer reach this body, so its registration goes too. */
  onForget: (() => void) | undefined;
  /** The realm dropped its response: a later cancel only unregisters (the deadline still ends the exchange). */
  released = false;
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

  constructor(source: BodySource, url: string, maxBytes: number, bufferedLimit: number | undefined, events: BodyEvents) {
    this.#source = source;
    this.#url = url;
    this.#maxBytes = maxBytes;
    this.bufferedLimit = bufferedLimit;
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
    this.#finish(error);
    this.#signal();
    // Last, as it may call back into the exchange; a no-op when the dispatcher reported the error.
    this.#source.abort(error);
  }

  /** HostByteSource: the next chunk, undefined at the end; throws (or rejects) with the body's failure. */
  read(): Uint8Array | undefined | Promise<Uint8Array | undefined> {
    const chunk = this.#poll();
    if (chunk === null) return this.#arrival().then(() => this.read());
    if (chunk !== undefined) return chunk;
    // The failure may predate the first read (e.g. the size limit hit before it); it stays readable.
    if (this.#failure !== undefined) throw this.#failure;
    this.onForget?.();
    return undefined;
  }

  /** HostByteSource: the realm cancelled its stream (or released the body). */
  cancel(reason: string): void {
    this.onForget?.();
    if (this.#finished || this.released) return;
    this.#finish(reason);
    this.#parts.length = 0;
    this.#queued = 0;
    // Ends the exchange and frees the connection (a half-read HTTP/1.1 response cannot be reused).
    this.#source.abort(new Error(`subrequest to URL ${this.#url}: response body cancelled`));
  }

  /**
   * Reads the rest in one go under the buffered-read cap. Returns the bytes at once when the whole
   * body already arrived, else a promise; throws on failure.
   */
  readAll(onLimit: (limit: number) => Error): Uint8Array | Promise<Uint8Array> {
    return this.#gather([], 0, onLimit);
  }

  #gather(chunks: Uint8Array[], bytes: number, onLimit: (limit: number) => Error): Uint8Array | Promise<Uint8Array> {
    const limit = this.bufferedLimit;
    // Resuming the connection parses socket data already buffered right away, which may push more
    // parts (and the end) before `#release` returns: hence the loop.
    for (;;) {
      if (this.#failure !== undefined) throw this.#failure;
      if (this.#parts.length === 0) {
        if (this.#ended) break;
        return this.#arrival().then(() => this.#gather(chunks, bytes, onLimit));
      }
      // Buffered reads need no coalescing copy: the parts are joined (or decoded) once at the end.
      for (const part of this.#parts) chunks.push(part);
      bytes += this.#queued;
      if (limit !== undefined && bytes > limit) {
        const error = onLimit(limit);
        this.fail(error);
        throw error;
      }
      this.#release();
    }
    this.#finish(undefined);
    return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, bytes);
  }

  /** The next chunk; undefined at the end or after a failure; null if none yet. */
  #poll(): Uint8Array | undefined | null {
    if (this.#finished || this.#failure !== undefined) return undefined;
    if (this.#parts.length > 0) return this.#take();
    if (!this.#ended) return null;
    this.#finish(undefined);
    return undefined;
  }

  /**
   * Queued parts (at least one, up to the high-water mark) as one chunk: a lone part as it is, as
   * the realm copies every chunk into its own Uint8Array anyway; several joined.
   */
  #take(): Uint8Array {
    const parts = this.#parts;
    let count = 0;
    let size = 0;
    while (count < parts.length && size < BODY_HIGH_WATER_BYTES) size += (parts[count++] as Uint8Array).byteLength;
    const chunk = count === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts.slice(0, count), size);
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
