/**
 * One sub-request on the wire: an undici dispatch handler (the controller-based API) that delivers
 * the response head at the response headers, with a body fed straight from the socket data. The
 * deadline covers headers and body: one timer, and the dispatch controller's abort(). The exchange
 * also reports the settled record and hands its parallel slot on when the head is delivered.
 */
import type { ReadableStream } from 'node:stream/web';
import type { Dispatcher } from 'undici';
import type { InvocationContext, SubrequestCachePass, SubrequestRecord } from '../../../host/invocation.ts';
import { SubrequestFailedError, SubrequestResponseTooLargeError, SubrequestTimeoutError } from '../errors.ts';
import { SubrequestBody, type BodyEvents } from './body-source.ts';
import { headerBytes, type RawHeaders } from './header-size.ts';
import { handlerLimits, releaseSlot } from './slots.ts';
import { takeSubWorkerAnswer, type SubWorkerCall } from './sub-worker.ts';
import type { WirePlan } from './request-plan.ts';
import type { Target } from './target.ts';

type Controller = Dispatcher.DispatchController;

/** What a sub-request passes through besides the network: the property's cache, or another app's pipeline. */
export interface Passes {
  cache: SubrequestCachePass | undefined;
  subWorker: SubWorkerCall | undefined;
}

/** Where the exchange hands its outcome: the head (status, headers, body) or the reason it failed. */
export interface ExchangeOutcome {
  headers(status: number, headers: RawHeaders, body: SubrequestBody): void;
  failed(error: Error): void;
}

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
  #outcome: ExchangeOutcome | undefined;
  #controller: Controller | undefined;
  /** Why the exchange was ended before undici handed over a controller to abort. */
  #abortReason: Error | undefined;
  #timedOut: SubrequestTimeoutError | undefined;
  #body: SubrequestBody | undefined;
  /** The request body read from the realm, cancelled if the exchange ends before undici takes it. */
  readonly #requestBody: ReadableStream<Uint8Array> | undefined;
  readonly #passes: Passes | undefined;
  /** The body's chunks, kept for the cache store once the cache admitted the answer. */
  #kept: Uint8Array[] | undefined;

  constructor(ctx: InvocationContext, record: SubrequestRecord, timeoutMs: number | undefined, outcome: ExchangeOutcome, requestBody: ReadableStream<Uint8Array> | undefined, passes: Passes | undefined) {
    this.#ctx = ctx;
    this.#passes = passes;
    this.#record = record;
    this.#outcome = outcome;
    this.#requestBody = requestBody;
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
    if (statusCode < 200 || this.#outcome === undefined) return;
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
    this.#body = new SubrequestBody(controller, this.#record.url, handlerLimits(ctx).subrequestResponseBytes, ctx.limits.product.subrequestBufferedBodyBytes, this);
    const lines = headerLines(Array.isArray(raw) ? raw : headers);
    if (this.#passes !== undefined) this.#pass(this.#passes, statusCode, headers, lines);
    const outcome = this.#outcome;
    this.#outcome = undefined;
    // First, so a throwing report cannot strand the realm's promise.
    outcome.headers(statusCode, headers, this.#body);
    const record = this.#record;
    record.status = statusCode;
    record.durationMs = ctx.now() - record.startedAt;
    record.responseHeaders = lines;
    // A slot is held until the head arrives, so unread bodies never starve later calls.
    releaseSlot(ctx);
    ctx.onSubrequest(record);
  }

  /** At the head: the cache decides whether to keep the body; a subWorker's answer loses Weft's headers. */
  #pass(passes: Passes, status: number, headers: RawHeaders, lines: Array<[string, string]>): void {
    if (passes.subWorker !== undefined) takeSubWorkerAnswer(headers, this.#record, passes.subWorker, this.#ctx.hostPolicy.subWorkers?.debug !== undefined);
    if (passes.cache?.admit(status, lines) === true) this.#kept = [];
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    this.#kept?.push(chunk);
    this.#body?.push(chunk);
  }

  onResponseEnd(): void {
    const kept = this.#kept;
    if (kept !== undefined) {
      this.#kept = undefined;
      // Stored before the body ends, so the record the end reports says whether it was.
      this.#passes?.cache?.store(kept.length === 1 && kept[0] !== undefined ? kept[0] : Buffer.concat(kept));
    }
    this.#body?.end();
  }

  onResponseError(_controller: Controller, error: Error): void {
    this.#kept = undefined;
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

  /** Fails the pending head (once); the timer is not needed past that. */
  #settle(error: Error): void {
    const outcome = this.#outcome;
    if (outcome === undefined) return;
    this.#outcome = undefined;
    clearTimeout(this.#timer);
    outcome.failed(error);
    // The failure is reported just below; a request body that fails to cancel adds nothing to it.
    if (this.#requestBody !== undefined && !this.#requestBody.locked) void this.#requestBody.cancel(error.message).catch(() => undefined);
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

/** Sends the request on a slot the caller holds; the outcome hears of the head or the failure. */
export function exchange(ctx: InvocationContext, plan: WirePlan, target: Target, record: SubrequestRecord, outcome: ExchangeOutcome, passes?: Passes): void {
  // The realm's stream is opened only now, once the sub-request holds a slot.
  const requestBody = typeof plan.body === 'function' ? plan.body() : undefined;
  const handler = new Exchange(ctx, record, plan.timeoutMs, outcome, requestBody, passes);
  const headers = plan.headers;
  headers.host = target.url.host;
  record.requestHeaders = headerLines(headers);
  const local = target.origin + target.path;
  if (local !== record.url) record.localUrl = local;
  const body = requestBody === undefined ? (plan.body as string | undefined) : chunksOf(requestBody);
  try {
    // undici sends an async iterable body chunked; its option types only name Node streams.
    ctx.dispatcher.dispatch({ origin: target.origin, path: target.path, method: plan.method, headers, body: body as string | undefined }, handler);
  } catch (error) {
    handler.failToStart(error);
  }
}

/** Header lines for the trace: from undici's raw list (bytes read as latin1, as undici parses them) or a header record. */
function headerLines(headers: RawHeaders | ReadonlyArray<Uint8Array | string>): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  if (Array.isArray(headers)) {
    const text = (item: Uint8Array | string | undefined): string => (item === undefined ? '' : typeof item === 'string' ? item : Buffer.from(item).toString('latin1'));
    for (let i = 0; i + 1 < headers.length; i += 2) lines.push([text(headers[i]), text(headers[i + 1])]);
    return lines;
  }
  for (const [name, value] of Object.entries(headers as RawHeaders)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) lines.push([name, one]);
  }
  return lines;
}

/** A request body stream as undici consumes it; an exchange that ends early cancels the realm's stream. */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done === true) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // The sub-request's own outcome is what gets reported; its abandoned body has no one to tell.
    if (!done) void reader.cancel('the sub-request ended').catch(() => undefined);
  }
}
