/**
 * Starting one sub-request of the running handler (spec §10, decisions 21–25): the host policy
 * picks the target, the handler's total and parallel limits count and queue it, the trace hears of
 * it at start, and the exchange goes out on a slot.
 */
import { currentInvocation, type InvocationContext, type SubrequestRecord } from '../../../host/invocation.ts';
import { NoInvocationError } from '../errors.ts';
import { errorText, exchange, type ExchangeOutcome } from './exchange.ts';
import type { WirePlan } from './request-plan.ts';
import { countSubrequest, tryAcquireSlot, waitForSlot } from './slots.ts';
import { resolveTarget } from './target.ts';

/** The running handler's invocation; a NoInvocationError outside one (module top level). */
export function requireInvocation(): InvocationContext {
  const ctx = currentInvocation();
  if (ctx === undefined) throw new NoInvocationError('httpRequest()');
  return ctx;
}

/** Throws when the sub-request may not start; else the outcome hears of its head or failure later. */
export function startSubrequest(ctx: InvocationContext, url: string, plan: WirePlan, outcome: ExchangeOutcome): void {
  const target = resolveTarget(url, ctx.hostPolicy);
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
  // The exchange reports the settled record and hands the slot on when the head arrives or it fails.
  if (tryAcquireSlot(ctx)) {
    exchange(ctx, plan, target, record, outcome);
    return;
  }
  const queuedAt = ctx.now();
  void waitForSlot(ctx).then(() => {
    record.rateLimitedMs = ctx.now() - queuedAt;
    exchange(ctx, plan, target, record, outcome);
  });
}
