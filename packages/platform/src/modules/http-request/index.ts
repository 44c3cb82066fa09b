/**
 * Built-in module `http-request` (spec §10, decisions 9, 21–25): sub-requests on undici through the
 * invocation's dispatcher, resolving when the response headers arrive.
 */
import { Readable } from 'node:stream';
import { request } from 'undici';
import { describeValue } from '../../errors.ts';
import { currentInvocation, type InvocationContext, type SubrequestRecord } from '../../host/invocation.ts';
import { isPrimitive } from '../shared/header-rules.ts';
import { SubrequestBody } from './body-stream.ts';
import { NoInvocationError, SubrequestFailedError, SubrequestResponseTooLargeError, SubrequestTimeoutError } from './errors.ts';
import { readOptions, streamChunks, type RequestPlan } from './options.ts';
import { HttpResponse, headerBytes } from './response.ts';
import { acquireSlot, countSubrequest, handlerLimits, releaseSlot } from './slots.ts';
import { resolveTarget, type Target } from './target.ts';

export { HttpResponse } from './response.ts';
export * from './errors.ts';
export { SUBREQUEST_METHODS } from './options.ts';

/** Drops a body nobody will read; the abort error it emits is expected. */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Deadline {
  ms: number;
  source: string;
}

function deadlineOf(ctx: InvocationContext, plan: RequestPlan): Deadline {
  const wall = handlerLimits(ctx).subrequestWallMs;
  if (plan.timeoutMs !== undefined && plan.timeoutMs <= wall) return { ms: plan.timeoutMs, source: 'the timeout option' };
  return { ms: wall, source: `the per-sub-request wall limit of ${ctx.handler.name} at resource tier ${ctx.limits.tier}` };
}

async function dispatch(ctx: InvocationContext, plan: RequestPlan, target: Target, record: SubrequestRecord): Promise<HttpResponse> {
  const url = target.url.href;
  const deadline = deadlineOf(ctx, plan);
  const aborter = new AbortController();
  let body: SubrequestBody | undefined;
  let timedOut: SubrequestTimeoutError | undefined;
  const timer = setTimeout(() => {
    timedOut = new SubrequestTimeoutError(url, deadline.ms, deadline.source);
    if (body) body.fail(timedOut);
    else aborter.abort(timedOut);
  }, deadline.ms);
  timer.unref();
  let data: Awaited<ReturnType<typeof request>>;
  try {
    data = await request(target.dialUrl, {
      dispatcher: ctx.dispatcher,
      method: plan.method,
      headers: { ...plan.headers, host: target.url.host },
      body: typeof plan.body === 'object' ? Readable.from(streamChunks(plan.body)) : plan.body,
      signal: aborter.signal,
    });
  } catch (error) {
    clearTimeout(timer);
    throw timedOut ?? new SubrequestFailedError(url, error);
  }
  // The deadline may pass between the headers' arrival and this continuation.
  if (timedOut !== undefined) {
    discard(data.body);
    throw timedOut;
  }
  const maxHeaderBytes = ctx.limits.product.subrequestResponseHeaderBytes;
  const bytes = headerBytes(data.statusCode, data.headers);
  if (bytes > maxHeaderBytes) {
    clearTimeout(timer);
    discard(data.body);
    throw new SubrequestResponseTooLargeError(`subrequest to URL ${url}: response headers take ${bytes} bytes, over the limit of ${maxHeaderBytes} bytes (spec §21.2)`);
  }
  body = new SubrequestBody(data.body, url, handlerLimits(ctx).subrequestResponseBytes, {
    onDone(error) {
      clearTimeout(timer);
      record.totalDurationMs = ctx.now() - record.startedAt;
      if (error !== undefined) record.bodyError = errorText(error);
      ctx.onSubrequest(record);
    },
  });
  return new HttpResponse(data.statusCode, data.headers, body, ctx.limits.product.subrequestBufferedBodyBytes);
}

async function send(ctx: InvocationContext, input: unknown, options: unknown): Promise<HttpResponse> {
  if (!isPrimitive(input)) throw new TypeError(`httpRequest(): url must be a string; got ${describeValue(input)}`);
  const plan = readOptions(options);
  const target = resolveTarget(String(input), ctx.hostPolicy);
  const record: SubrequestRecord = {
    id: 0, method: plan.method, url: target.url.href, status: undefined, error: undefined, durationMs: undefined,
    totalDurationMs: undefined, bodyError: undefined, rateLimitedMs: undefined, startedAt: ctx.now(), notes: target.notes,
  };
  const settle = (error: unknown): void => {
    record.durationMs = ctx.now() - record.startedAt;
    if (error !== undefined) record.error = errorText(error);
    ctx.onSubrequest(record);
  };
  try {
    record.id = countSubrequest(ctx, record.url);
  } catch (error) {
    record.id = ctx.subrequests.started;
    settle(error);
    throw error;
  }
  ctx.onSubrequest(record);
  record.rateLimitedMs = await acquireSlot(ctx);
  try {
    const response = await dispatch(ctx, plan, target, record);
    record.status = response.status;
    settle(undefined);
    return response;
  } catch (error) {
    settle(error);
    throw error;
  } finally {
    // A slot is held until the promise settles, so unread bodies never starve later calls.
    releaseSlot(ctx);
  }
}

/** `httpRequest(url, { method, headers, body, timeout })`; throws when no handler is running. */
export function httpRequest(url: string, options?: unknown): Promise<HttpResponse> {
  const ctx = currentInvocation();
  if (ctx === undefined) throw new NoInvocationError('httpRequest()');
  return send(ctx, url, options);
}
