/**
 * One origin request on the wire: an undici dispatch handler that answers with the response head
 * once the body has started (its first bytes, its end, or its failure), and feeds the body from
 * the socket after that.
 *
 * Why wait for the body to start: an origin that sends a valid head and then broken framing (issue
 * 12) would otherwise commit a 200 that can only be cut short; waiting turns it into the 502 it is.
 * A healthy origin sends its first bytes with the head, so this costs nothing there, and an origin
 * that stalls after its head is bounded by the read timeout (a 504).
 */
import type { Dispatcher } from 'undici';
import { OriginBody } from './origin-body.ts';
import { classifyOriginFailure, type OriginError, type TimeoutNames } from './origin-error.ts';

export interface OriginHead {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Null when the response has no body (HEAD, 204, 304); already drained then. */
  body: OriginBody | null;
}

export interface OriginExchangeOptions {
  originUrl: string;
  method: string;
  timeouts: TimeoutNames;
  /** A failure after the head was handed over (the body was cut short), once. */
  onBodyFailure?: (error: OriginError) => void;
}

export class OriginExchange implements Dispatcher.DispatchHandler {
  readonly head: Promise<OriginHead>;
  readonly #options: OriginExchangeOptions;
  #resolve!: (head: OriginHead) => void;
  #reject!: (error: OriginError) => void;
  #pending: { status: number; headers: OriginHead['headers'] } | undefined;
  #body: OriginBody | undefined;
  #handedOver = false;

  constructor(options: OriginExchangeOptions) {
    this.#options = options;
    this.head = new Promise<OriginHead>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  // Its presence tells undici this handler speaks the controller-based API.
  onRequestStart(): void {}

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: OriginHead['headers']): void {
    // 1xx informational responses (100 Continue, 103 Early Hints) precede the real one.
    if (statusCode < 200) return;
    this.#pending = { status: statusCode, headers };
    this.#body = new OriginBody(controller);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#body?.deliver(chunk);
    this.#handOver(false);
  }

  onResponseEnd(): void {
    this.#body?.complete();
    this.#handOver(true);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const failure = classifyOriginFailure(this.#options.originUrl, error, this.#options.timeouts, this.#pending !== undefined);
    if (!this.#handedOver) {
      this.#handedOver = true;
      // Nobody holds this body yet: end it quietly so its failure is reported once, here.
      this.#body?.once('error', () => undefined);
      this.#body?.fail(failure);
      this.#reject(failure);
      return;
    }
    const body = this.#body;
    // After the consumer destroyed the body (the client went away), the abort comes back here: not the origin's fault.
    if (body === undefined || body.destroyed) return;
    this.#options.onBodyFailure?.(failure);
    body.fail(failure);
  }

  #handOver(ended: boolean): void {
    if (this.#handedOver || this.#pending === undefined || this.#body === undefined) return;
    this.#handedOver = true;
    const { status, headers } = this.#pending;
    const noBody = this.#options.method === 'HEAD' || status === 204 || status === 304;
    if (noBody && !ended) this.#body.resume();
    this.#resolve({ status, headers, body: noBody ? null : this.#body });
  }
}
