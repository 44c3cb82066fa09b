/**
 * One sub-request on the wire: an undici dispatch handler (the controller-based API) that resolves
 * at the response headers with an HttpResponse whose body is fed straight from the socket data.
 * The deadline covers headers and body: one timer, and the dispatch controller's abort(). The
 * exchange also reports the settled record and hands its parallel slot on when its promise settles.
 */
import type { Dispatcher } from 'undici';
import type { InvocationContext, SubrequestRecord } from '../../host/invocation.ts';
import { SubrequestBody, type BodyEvents } from './body-stream.ts';
import { SubrequestFailedError, SubrequestResponseTooLargeError, SubrequestTimeoutError } from './errors.ts';
import { streamChunks, type RequestPlan } from './options.ts';
import { HttpResponse, headerBytes, type RawHeaders } from './response.ts';
import { handlerLimits, releaseSlot } from './slots.ts';
import type { Target } from './target.ts';

type Controller = Dispatcher.DispatchController;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class Exchange implements Dispatcher.DispatchHandler, BodyEvents {
  readonly #ctx: InvocationContext;
  readonly #record: SubrequestRecord;
  /** The deadline; `#byOption` tells whether the timeout option (not the wall limit) set it. */
  readonly #timeoutMs: number;
  readonly #byOption: boolean;
  readonly #timer: NodeJS.Timeout;
  #resolve: ((response: HttpResponse) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;
  #controller: Controller | undefined;
  /** Why the exchange was ended before undici handed over a controller to abort. */
  #abortReason: Error | undefined;
  #timedOut: SubrequestTimeoutError | undefined;
  #body: SubrequestBody | undefined;

  constructor(ctx: InvocationContext, record: SubrequestRecord, timeoutMs: number | undefined, resolve: (response: HttpResponse) => void, reject: (error: unknown) => void) {
    this.#ctx = ctx;
    this.#record = record;
    this.#resolve = resolve;
    this.#reject = reject;
    const wall = handlerLimits(ctx).subrequestWallMs;
    const byOption = timeoutMs !== undefined && timeoutMs <= wall;
    this.#byOption = byOption;
    this.#timeoutMs = byOption ? timeoutMs : wall;
    this.#timer = setTimeout(() => this.#onTimeout(), this.#timeoutMs);
    this.#timer.unref();
  }

  onRequestStart(controller: Controller): void {
    this.#controller = controller;
    if (this.#abortReason !== undefined) controller.abort(this.#abortReason);
  }

  onResponseStart(controller: Controller, statusCode: number, headers: RawHeaders): void {
    // 1xx informational responses (100 Continue, 103 Early Hints) precede the real one.
    if (statusCode < 200 || this.#resolve === undefined) return;
    const ctx = this.#ctx;
    const maxHeaderBytes = ctx.limits.product.subrequestResponseHeaderBytes;
    const raw = controller.rawHeaders;
    const bytes = headerBytes(statusCode, Array.isArray(raw) ? raw : headers);
    if (bytes > maxHeaderBytes) {
      const error = new SubrequestResponseTooLargeError(`subrequest to URL ${this.#record.url}: response headers take ${bytes} bytes, over the limit of ${maxHeaderBytes} bytes (spec §21.2)`);
      this.#settle(error);
      controller.abort(error);
      return;
    }
    this.#body = new SubrequestBody(controller, this.#record.url, handlerLimits(ctx).subrequestResponseBytes, this);
    const response = new HttpResponse(statusCode, headers, this.#body, ctx.limits.product.subrequestBufferedBodyBytes);
    const resolve = this.#resolve;
    this.#resolve = undefined;
    this.#reject = undefined;
    // First, so a throwing report cannot strand the promise; its reactions run after the report anyway.
    resolve(response);
    const record = this.#record;
    record.status = statusCode;
    record.durationMs = ctx.now() - record.startedAt;
    // A slot is held until the promise settles, so unread bodies never starve later calls.
    releaseSlot(ctx);
    ctx.onSubrequest(record);
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    this.#body?.push(chunk);
  }

  onResponseEnd(): void {
    this.#body?.end();
  }

  onResponseError(_controller: Controller, error: Error): void {
    if (this.#body !== undefined) this.#body.fail(this.#timedOut ?? asError(error));
    else this.#settle(this.#timedOut ?? new SubrequestFailedError(this.#record.url, error));
  }

  /** The dispatcher threw instead of reporting through the handler. */
  failToStart(error: unknown): void {
    this.#settle(new SubrequestFailedError(this.#record.url, error));
  }

  /** BodyEvents: the body was read to the end, failed or was cancelled. */
  onDone(error: unknown): void {
    clearTimeout(this.#timer);
    const record = this.#record;
    record.totalDurationMs = this.#ctx.now() - record.startedAt;
    if (error !== undefined) record.bodyError = errorText(error);
    this.#ctx.onSubrequest(record);
  }

  /** Rejects the pending headers promise (once); the timer is not needed past that. */
  #settle(error: unknown): void {
    const reject = this.#reject;
    if (reject === undefined) return;
    this.#resolve = undefined;
    this.#reject = undefined;
    clearTimeout(this.#timer);
    reject(error);
    const ctx = this.#ctx;
    const record = this.#record;
    record.durationMs = ctx.now() - record.startedAt;
    record.error = errorText(error);
    releaseSlot(ctx);
    ctx.onSubrequest(record);
  }

  #onTimeout(): void {
    const ctx = this.#ctx;
    const source = this.#byOption ? 'the timeout option' : `the per-sub-request wall limit of ${ctx.handler.name} at resource tier ${ctx.limits.tier}`;
    const timedOut = new SubrequestTimeoutError(this.#record.url, this.#timeoutMs, source);
    this.#timedOut = timedOut;
    if (this.#body !== undefined) {
      this.#body.fail(timedOut);
      return;
    }
    this.#settle(timedOut);
    if (this.#controller !== undefined) this.#controller.abort(timedOut);
    else this.#abortReason = timedOut;
  }
}

/** Sends the request on a slot the caller holds; resolves when the response headers arrive. */
export function exchange(ctx: InvocationContext, plan: RequestPlan, target: Target, record: SubrequestRecord): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const handler = new Exchange(ctx, record, plan.timeoutMs, resolve, reject);
    const headers = plan.headers;
    headers.host = target.url.host;
    const body = typeof plan.body === 'object' ? streamChunks(plan.body) : plan.body;
    try {
      // undici sends an async iterable body chunked; its option types only name Node streams.
      ctx.dispatcher.dispatch({ origin: target.origin, path: target.path, method: plan.method, headers, body: body as string | undefined }, handler);
    } catch (error) {
      handler.failToStart(error);
    }
  });
}
