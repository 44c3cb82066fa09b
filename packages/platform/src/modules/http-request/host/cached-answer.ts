/**
 * A sub-request the property's cache answers (issue 17, platform §10: a sub-request goes through
 * the property's caching): the head at once, the body from the stored bytes, with no connection
 * and no parallel slot. Its deliveries still come after the call that started it returns.
 */
import type { CachedAnswer, InvocationContext, SubrequestRecord } from '../../../host/invocation.ts';
import { SubrequestBody, type BodySource } from './body-source.ts';
import type { ExchangeOutcome } from './exchange.ts';
import type { RawHeaders } from './header-size.ts';
import { handlerLimits } from './slots.ts';
import { errorText } from './exchange.ts';

/** Stored bytes have no connection to pause or abort. */
const NO_CONNECTION: BodySource = { pause() {}, resume() {}, abort() {} };

/** Header lines as the exchange hands them on: lower-case names, repeated ones as an array. */
export function headerRecord(lines: ReadonlyArray<readonly [string, string]>): RawHeaders {
  const headers = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of lines) {
    const key = name.toLowerCase();
    const previous = headers[key];
    headers[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return headers;
}

export function answerFromCache(ctx: InvocationContext, record: SubrequestRecord, answer: CachedAnswer, outcome: ExchangeOutcome): void {
  const body = new SubrequestBody(NO_CONNECTION, record.url, handlerLimits(ctx).subrequestResponseBytes, ctx.limits.product.subrequestBufferedBodyBytes, {
    onDone(error) {
      record.totalDurationMs = ctx.now() - record.startedAt;
      if (error !== undefined) record.bodyError = errorText(error);
      ctx.onSubrequest(record);
    },
  });
  if (answer.body.byteLength > 0) body.push(answer.body);
  body.end();
  outcome.headers(answer.status, headerRecord(answer.headers), body);
  record.status = answer.status;
  record.durationMs = ctx.now() - record.startedAt;
  record.responseHeaders = answer.headers.map(([name, value]) => [name, value]);
  ctx.onSubrequest(record);
}
