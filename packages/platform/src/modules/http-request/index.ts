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
import { acquireSlot, countSubrequest, releaseSlot } from './slots.ts';
import { resolveTarget } from './target.ts';

export { HttpResponse } from './response.ts';
export * from './errors.ts';
export { SUBREQUEST_METHODS } from './options.ts';

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
    const response = await exchange(ctx, plan, target, record);
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
