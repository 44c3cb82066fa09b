/**
 * An origin's response body as a Node Readable fed straight from undici's dispatch handler. Reads
 * drive the connection: when the consumer lags, the socket pauses, so a 200 MB pass-through holds
 * a buffer's worth, never the body. Failures arrive as OriginError, so whoever reads the body
 * learns what the origin did, not a parser's internals.
 */
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { OriginError } from './origin-error.ts';

const HIGH_WATER_BYTES = 64 * 1024;

export class OriginBody extends Readable {
  readonly #controller: Dispatcher.DispatchController;
  #paused = false;
  /** The origin finished or failed; nothing more will arrive. */
  #settled = false;
  /** The origin finished: everything it sent is in the buffer or was read. */
  #received = false;

  constructor(controller: Dispatcher.DispatchController) {
    super({ highWaterMark: HIGH_WATER_BYTES });
    this.#controller = controller;
  }

  /** Socket data; pauses the connection once the consumer has a buffer's worth unread. */
  deliver(chunk: Buffer): void {
    if (this.#settled || this.destroyed) return;
    if (!this.push(chunk) && !this.#paused) {
      this.#paused = true;
      this.#controller.pause();
    }
  }

  complete(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#received = true;
    this.push(null);
  }

  /** The origin sent the whole body, and none of it was read yet or all of it waits unread. */
  get received(): boolean {
    return this.#received && !this.destroyed;
  }

  fail(error: OriginError): void {
    if (this.#settled) return;
    this.#settled = true;
    this.destroy(error);
  }

  override _read(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#controller.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // The consumer gave up (client went away, response replaced): free the connection. A
    // half-read HTTP/1.1 response cannot be reused, so undici closes it.
    if (!this.#settled) {
      this.#settled = true;
      this.#controller.abort(error ?? new Error('the origin response body was not read to its end'));
    }
    callback(error);
  }
}
