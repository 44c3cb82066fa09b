/**
 * An origin's response body as a Node Readable fed straight from undici's dispatch handler. Reads
 * drive the connection: when the consumer lags, the socket pauses, so a 200 MB pass-through holds
 * a buffer's worth, never the body. Failures arrive as OriginError, so whoever reads the body
 * learns what the origin did, not a parser's internals.
 *
 * Until someone reads it as a stream, the body keeps what arrives in a list of its own: a small
 * response that arrived whole (most of them) is then taken in one piece (takeWhole), without the
 * stream machinery's push, read, end and destroy, each a tick of the event loop. A stream reader's
 * first read hands the list to the stream, and from then on the body is an ordinary Readable.
 */
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { OriginError } from './origin-error.ts';

const HIGH_WATER_BYTES = 64 * 1024;

/** How a body ended: read to its end or taken whole (false), or cut short (true, with the cause). */
export type EndListener = (truncated: boolean, cause?: unknown) => void;

export class OriginBody extends Readable {
  readonly #controller: Dispatcher.DispatchController;
  #paused = false;
  /** The origin finished or failed; nothing more will arrive. */
  #settled = false;
  /** The origin finished: everything it sent is in the buffer or was read. */
  #received = false;
  /** What arrived before the stream was first read; undefined once it was handed over or taken. */
  #held: Buffer[] | undefined = [];
  #heldBytes = 0;
  /** Who watches for the body's end, while the body is not a stream yet (see watchEnd). */
  #endListener: EndListener | undefined;

  constructor(controller: Dispatcher.DispatchController) {
    super({ highWaterMark: HIGH_WATER_BYTES });
    this.#controller = controller;
  }

  /** Socket data; pauses the connection once the consumer has a buffer's worth unread. */
  deliver(chunk: Buffer): void {
    if (this.#settled || this.destroyed) return;
    const held = this.#held;
    if (held !== undefined) {
      held.push(chunk);
      this.#heldBytes += chunk.byteLength;
      if (this.#heldBytes >= HIGH_WATER_BYTES && !this.#paused) {
        this.#paused = true;
        this.#controller.pause();
      }
      return;
    }
    if (!this.push(chunk) && !this.#paused) {
      this.#paused = true;
      this.#controller.pause();
    }
  }

  complete(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#received = true;
    if (this.#held === undefined) this.push(null);
  }

  /**
   * The whole body in one piece, when the origin has sent all of it, nobody has read it as a stream,
   * and it is at most `limit` bytes; undefined otherwise. Taking it ends the body: a stream read
   * after that finds it empty.
   */
  takeWhole(limit: number): Buffer[] | undefined {
    const held = this.#held;
    if (held === undefined || !this.#received || this.destroyed || this.#heldBytes > limit) return undefined;
    this.#held = undefined;
    this.#heldBytes = 0;
    this.#endNow(false);
    return held;
  }

  /**
   * Tells `listener` once how the body ends. Nothing is attached to the body until it becomes a
   * stream: a body taken whole keeps no listener (whose closure would hold the whole exchange for
   * as long as undici holds the body).
   */
  watchEnd(listener: EndListener): void {
    if (this.#held === undefined) this.#listenAsStream(listener);
    else this.#endListener = listener;
  }

  #listenAsStream(listener: EndListener): void {
    let settled = false;
    const end = (truncated: boolean, cause?: unknown): void => {
      if (settled) return;
      settled = true;
      listener(truncated, cause);
    };
    this.once('end', () => end(false));
    this.once('error', (error) => end(true, error));
    this.once('close', () => end(!this.readableEnded));
  }

  #endNow(truncated: boolean, cause?: unknown): void {
    const listener = this.#endListener;
    this.#endListener = undefined;
    listener?.(truncated, cause);
  }

  fail(error: OriginError): void {
    if (this.#settled) return;
    this.#settled = true;
    this.destroy(error);
  }

  override _read(): void {
    const held = this.#held;
    if (held !== undefined) {
      // The first read: what arrived so far goes to the stream, and the rest follows it there.
      this.#held = undefined;
      this.#heldBytes = 0;
      const listener = this.#endListener;
      this.#endListener = undefined;
      if (listener !== undefined) this.#listenAsStream(listener);
      for (const chunk of held) this.push(chunk);
      if (this.#received) this.push(null);
    } else if (this.#received && this.readableLength === 0 && !this.readableEnded) {
      // Taken whole before this read: the stream has nothing left.
      this.push(null);
    }
    if (!this.#paused) return;
    this.#paused = false;
    this.#controller.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Destroyed before it was read or taken: cut short.
    if (this.#held !== undefined) this.#endNow(true, error ?? undefined);
    // The consumer gave up (client went away, response replaced): free the connection. A
    // half-read HTTP/1.1 response cannot be reused, so undici closes it.
    if (!this.#settled) {
      this.#settled = true;
      this.#controller.abort(error ?? new Error('the origin response body was not read to its end'));
    }
    callback(error);
  }
}
