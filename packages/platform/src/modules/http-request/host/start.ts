/**
 * Starting one sub-request of the running handler (spec §10, decisions 21–25): the host policy
 * picks the target, the handler's total and parallel limits count and queue it, the trace hears of
 * it at start, and the exchange goes out on a slot.
 */
import { currentInvocation, type InvocationContext, type SubrequestRecord } from '../../../host/invocation.ts';
import { NoInvocationError } from '../errors.ts';
import { answerFromCache } from './cached-answer.ts';
import { errorText, exchange, type ExchangeOutcome, type Passes } from './exchange.ts';
import type { WirePlan } from './request-plan.ts';
import { countSubrequest, tryAcquireSlot, waitForSlot } from './slots.ts';
import { addDebugLines, subWorkerCallFor, subWorkerHeaderValue, SUBWORKER_REQUEST_HEADER } from './sub-worker.ts';
import { resolveTarget, type Target } from './target.ts';

/** The running handler's invocation; a NoInvocationError outside one (module top level). */
export function requireInvocation(): InvocationContext {
  const ctx = currentInvocation();
  if (ctx === undefined) throw new NoInvocationError('httpRequest()');
  return ctx;
}

/**
 * What the sub-request passes through on its way (undefined for most: no cache, no subWorker): a
 * mapped host another app serves runs that app as a subWorker, whose own pipeline has the cache;
 * another mapped host goes through the property's cache when its config says so.
 */
function passesFor(ctx: InvocationContext, target: Target, plan: WirePlan): Passes | undefined {
  if (!target.mapped) return undefined;
  const policy = ctx.hostPolicy;
  const subWorker = subWorkerCallFor(policy.subWorkers, target.url.hostname);
  if (subWorker !== undefined && policy.subWorkers !== undefined) {
    plan.headers[SUBWORKER_REQUEST_HEADER] = subWorkerHeaderValue(policy.subWorkers, subWorker, ctx.handler.name);
    if (policy.subWorkers.debug !== undefined) addDebugLines(plan.headers, policy.subWorkers.debug);
    return { cache: undefined, subWorker };
  }
  const cache = policy.cache?.pass(target.url, plan.method);
  return cache === undefined ? undefined : { cache, subWorker: undefined };
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
  const passes = passesFor(ctx, target, plan);
  if (passes?.cache !== undefined) record.cache = passes.cache.info;
  const hit = passes?.cache?.hit;
  if (hit !== undefined) {
    answerFromCache(ctx, record, hit, outcome);
    return;
  }
  ctx.onSubrequest(record);
  // The exchange reports the settled record and hands the slot on when the head arrives or it fails.
  if (tryAcquireSlot(ctx)) {
    exchange(ctx, plan, target, record, outcome, passes);
    return;
  }
  const queuedAt = ctx.now();
  void waitForSlot(ctx).then(() => {
    record.rateLimitedMs = ctx.now() - queuedAt;
    exchange(ctx, plan, target, record, outcome, passes);
  });
}
