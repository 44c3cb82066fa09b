/**
 * Per-handler sub-request limits (spec §10, §21.1): a total count, past which calls reject, and a
 * parallel limit, past which calls wait in a queue (rate limited, not rejected).
 */
import type { InvocationContext } from '../../../host/invocation.ts';
import { SubrequestLimitError } from '../errors.ts';

export function handlerLimits(ctx: InvocationContext) {
  return ctx.limits.tierLimits[ctx.handler.limitGroup];
}

/** Counts the call; throws past the handler's total. Returns the sub-request id (1-based). */
export function countSubrequest(ctx: InvocationContext, url: string): number {
  const max = handlerLimits(ctx).subrequests;
  const id = ++ctx.subrequests.started;
  if (id > max) {
    throw new SubrequestLimitError(
      `httpRequest(): sub-request #${id} to ${url} exceeds the limit of ${max} sub-requests per ${ctx.handler.name} execution at resource tier ${ctx.limits.tier} (spec §21.1)`,
    );
  }
  return id;
}

/** Takes a parallel slot when one is free; false when the call must wait (`waitForSlot`). */
export function tryAcquireSlot(ctx: InvocationContext): boolean {
  const state = ctx.subrequests;
  if (state.active >= handlerLimits(ctx).parallelSubrequests) return false;
  state.active++;
  return true;
}

/** Waits for the slot a finishing sub-request hands over, so `active` stays unchanged. */
export function waitForSlot(ctx: InvocationContext): Promise<void> {
  return new Promise<void>((resolve) => ctx.subrequests.waiting.push(resolve));
}

export function releaseSlot(ctx: InvocationContext): void {
  const next = ctx.subrequests.waiting.shift();
  if (next) next();
  else ctx.subrequests.active--;
}
