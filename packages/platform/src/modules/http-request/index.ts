/**
 * Built-in module `http-request` (spec §10, decisions 9, 21–25): sub-requests on undici through the
 * invocation's dispatcher, resolving when the response headers arrive.
 */
import { describeValue } from '../../errors.ts';
import { currentInvocation, type InvocationContext, type SubrequestRecord } from '../../host/invocation.ts';
import { isPrimitive } from '../shared/header-rules.ts';
import { NoInvocationError } from './errors.ts';
import { errorText, exchange } from './exchange.ts';
import { readOptions } from './options.ts';
import type { HttpResponse } from './response.ts';
import { countSubrequest, tryAcquireSlot, waitForSlot } from './slots.ts';
import { resolveTarget } from './target.ts';

export { HttpResponse } from './response.ts';
export * from './errors.ts';
export { SUBREQUEST_METHODS } from './options.ts';

function send(ctx: InvocationContext, input: unknown, options: unknown): Promise<HttpResponse> {
  if (!isPrimitive(input)) throw new TypeError(`httpRequest(): url must be a string; got ${describeValue(input)}`);
  const plan = readOptions(options);
  const target = resolveTarget(String(input), ctx.hostPolicy);
  const record: SubrequestRecord = {
    id: 0, method: plan.method, url: target.url.href, status: undefined, error: undefined, durationMs: undefined,
    totalDurationMs: undefined, bodyError: undefined, rateLimitedMs: undefined, startedAt: ctx.now(), notes: target.notes,
  };
  try {
    record.id = countSubrequest(ctx, record.url);
  } catch (error) {
    record.id = ctx.subrequests.started;
    record.durationMs = ctx.now() - record.startedAt;
    record.error = errorText(error);
    ctx.onSubrequest(record);
    throw error;
  }
  ctx.onSubrequest(record);
  // The exchange reports the settled record and hands the slot on when its promise settles.
  if (tryAcquireSlot(ctx)) return exchange(ctx, plan, target, record);
  const queuedAt = ctx.now();
  return waitForSlot(ctx).then(() => {
    record.rateLimitedMs = ctx.now() - queuedAt;
    return exchange(ctx, plan, target, record);
  });
}

/** `httpRequest(url, { method, headers, body, timeout })`; throws when no handler is running. */
export function httpRequest(url: string, options?: unknown): Promise<HttpResponse> {
  const ctx = currentInvocation();
  if (ctx === undefined) throw new NoInvocationError('httpRequest()');
  // Invalid arguments reject, as they did when this was an async function.
  try {
    return send(ctx, url, options);
  } catch (error) {
    return Promise.reject(error);
  }
}
