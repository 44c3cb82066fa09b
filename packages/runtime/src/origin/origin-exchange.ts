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

/**
 * undici keeps a finished request, with its handler, in its queue until it compacts the queue
 * (up to 256 requests later). So the exchange lets go of what its caller handed it (the request's
 * exchange and trace, through `onBodyFailure`) and of the body once that has ended: held longer,
 * they outlived scavenges and were promoted by the hundred a second.
 */
export class OriginExchange implements Dispatcher.DispatchHandler {
  readonly #originUrl: string;
  readonly #method: string;
  readonly #timeouts: TimeoutNames;
  /** Until the head is handed over (or the exchange fails before). */
  #settle: { resolve(head: OriginHead): void; reject(error: OriginError): void } | undefined;
  /** Until the body has ended. */
  #onBodyFailure: ((error: OriginError) => void) | undefined;
  #pending: { status: number; headers: OriginHead['headers'] } | undefined;
  #body: OriginBody | undefined;

  constructor(options: OriginExchangeOptions, resolve: (head: OriginHead) => void, reject: (error: OriginError) => void) {
    this.#originUrl = options.originUrl;
    this.#method = options.method;
    this.#timeouts = options.timeouts;
    this.#onBodyFailure = options.onBodyFailure;
    this.#settle = { resolve, reject };
  }

  /**
   * Resolves at the response head, once its body has started; rejects with an OriginError, or
   * with what `dispatch` throws.
   */
  static start(options: OriginExchangeOptions, dispatch: (exchange: OriginExchange) => void): Promise<OriginHead> {
    return new Promise<OriginHead>((resolve, reject) => {
      dispatch(new OriginExchange(options, resolve, reject));
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
    this.#letGo();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const failure = classifyOriginFailure(this.#originUrl, error, this.#timeouts, this.#pending !== undefined);
    const settle = this.#settle;
    const body = this.#body;
    const onBodyFailure = this.#onBodyFailure;
    this.#settle = undefined;
    this.#letGo();
    if (settle !== undefined) {
      // Nobody holds this body yet: end it quietly so its failure is reported once, here.
      body?.once('error', () => undefined);
      body?.fail(failure);
      settle.reject(failure);
      return;
    }
    // After the consumer destroyed the body (the client went away), the abort comes back here: not the origin's fault.
    if (body === undefined || body.destroyed) return;
    onBodyFailure?.(failure);
    body.fail(failure);
  }

  #handOver(ended: boolean): void {
    const settle = this.#settle;
    if (settle === undefined || this.#pending === undefined || this.#body === undefined) return;
    this.#settle = undefined;
    const { status, headers } = this.#pending;
    const noBody = this.#method === 'HEAD' || status === 204 || status === 304;
    if (noBody && !ended) this.#body.resume();
    settle.resolve({ status, headers, body: noBody ? null : this.#body });
  }

  #letGo(): void {
    this.#onBodyFailure = undefined;
    this.#pending = undefined;
    this.#body = undefined;
  }
}
