/// <reference types="akamai-edgeworkers" />
/**
 * Runs one source: condition, request building, the sub-request (with the budget's timeout and
 * bounded retries), reading, JSON parsing and schema validation. Imports only the platform's
 * built-in `http-request` module, so it runs unchanged at the edge.
 */
import { httpRequest, type HttpResponse } from 'http-request';
import type { RequestContext } from './context.ts';
import { SourceError, describe } from './errors.ts';
import { parseFreshness, type Freshness } from './freshness.ts';
import type { Limiter } from './limiter.ts';
import type { TimeBudget } from './deadline.ts';
import { validate } from './schema.ts';
import type { SourceSpec } from './source.ts';

export type SourceOutcome =
  | { state: 'fulfilled'; value: unknown; status: number; freshness: Freshness; attempts: number; response: HttpResponse | undefined; request?: SentRequest }
  | { state: 'skipped'; why: 'condition' | 'dependency' }
  | { state: 'failed'; error: SourceError; attempts: number; request?: SentRequest };

/** The sub-request a source sent (each attempt alike): how the trace matches it to the runtime's record. */
export interface SentRequest {
  readonly method: string;
  readonly url: string;
}

/** Per-request shared state: the limiter, the time budget and the sub-request count. */
export interface RunEnv {
  limiter: Limiter;
  budget: TimeBudget;
  subrequests: { used: number; max: number };
}

/** spec §21: a responseProvider may make at most 50 sub-requests. */
export const MAX_SUBREQUESTS = 50;

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

export async function runSource(spec: SourceSpec, ctx: RequestContext<string>, deps: Readonly<Record<string, unknown>>, env: RunEnv): Promise<SourceOutcome> {
  if (spec.when !== undefined) {
    let holds: boolean;
    try {
      holds = spec.when(ctx, deps);
    } catch (cause) {
      return failed(new SourceError(spec.name, 'condition', `its "when" condition threw: ${message(cause)}`, { cause }), 0);
    }
    if (!holds) return SKIPPED;
  }
  let request: { url: string; init: RequestInit };
  try {
    request = buildRequest(spec, ctx, deps);
  } catch (cause) {
    return failed(new SourceError(spec.name, 'request', `could not build the request: ${message(cause)}`, { cause }), 0);
  }
  // One async frame per source: every promise counts twice in Node with AsyncLocalStorage active.
  const wait = env.limiter.acquire();
  if (wait !== undefined) await wait;
  try {
    for (let n = 1; ; n++) {
      if (env.subrequests.used >= env.subrequests.max) {
        return failed(new SourceError(spec.name, 'limit', `the composition already made ${env.subrequests.used} sub-requests, the platform's limit (spec §21)`), n - 1, n > 1 ? { method: spec.method, url: request.url } : undefined);
      }
      const slot = env.budget.slot(spec.timeout);
      if (slot === undefined) {
        return failed(new SourceError(spec.name, 'deadline', `the composition's deadline of ${env.budget.totalMs} ms had passed before it could start`), n - 1, n > 1 ? { method: spec.method, url: request.url } : undefined);
      }
      env.subrequests.used++;
      if (slot.timeout !== undefined) request.init.timeout = slot.timeout;
      const outcome = await fetchOnce(spec, request.url, request.init, n);
      env.budget.settled(slot);
      if (outcome.state !== 'failed' || n > spec.retries || !isRetryable(outcome.error)) {
        if (outcome.state !== 'skipped') outcome.request = { method: spec.method, url: request.url };
        return outcome;
      }
    }
  } finally {
    env.limiter.release();
  }
}

type RequestInit = NonNullable<Parameters<typeof httpRequest>[1]>;
const SKIPPED: SourceOutcome = Object.freeze({ state: 'skipped', why: 'condition' });

async function fetchOnce(spec: SourceSpec, url: string, init: RequestInit, n: number): Promise<SourceOutcome> {
  let response: HttpResponse;
  let text = '';
  try {
    response = await httpRequest(url, init);
    if (!response.ok) {
      // Drain so the connection is released; the body is not needed, and a failed drain changes
      // nothing about the status error reported below.
      await response.text().catch(() => '');
      return failed(new SourceError(spec.name, 'status', `${spec.method} ${url} answered ${response.status}`, { status: response.status }), n);
    }
    if (spec.read !== 'response' && spec.method !== 'HEAD') text = await response.text();
  } catch (cause) {
    const timedOut = /timed? ?out/i.test(message(cause));
    const budget = init.timeout === undefined ? '' : ` (timeout ${init.timeout} ms)`;
    return failed(new SourceError(spec.name, timedOut ? 'timeout' : 'network', `${spec.method} ${url} failed${budget}: ${message(cause)}`, { cause }), n);
  }
  const cacheControl = header(response, 'cache-control');
  const freshness = parseFreshness(cacheControl, cacheControl === undefined ? undefined : header(response, 'age'));
  if (spec.read === 'response') return fulfilled(response, response, freshness, n, response);
  if (spec.read === 'text' || spec.method === 'HEAD') return fulfilled(spec.method === 'HEAD' ? null : text, response, freshness, n, undefined);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    return failed(new SourceError(spec.name, 'json', `${url} did not answer JSON (${message(cause)}); body starts ${describe(text.slice(0, 60))}`, { status: response.status, cause }), n);
  }
  if (spec.schema === undefined) return fulfilled(parsed, response, freshness, n, undefined);
  let checked = validate(spec.schema, parsed);
  if (checked instanceof Promise) checked = await checked;
  if (!checked.ok) {
    const shown = checked.issues.slice(0, 5).join('; ');
    const more = checked.issues.length > 5 ? ` (and ${checked.issues.length - 5} more)` : '';
    return failed(new SourceError(spec.name, 'schema', `the answer of ${url} does not match its schema at ${shown}${more}`, { status: response.status }), n);
  }
  return fulfilled(checked.value, response, freshness, n, undefined);
}

function fulfilled(value: unknown, response: HttpResponse, freshness: Freshness, attempts: number, raw: HttpResponse | undefined): SourceOutcome {
  return { state: 'fulfilled', value, status: response.status, freshness, attempts, response: raw };
}

function buildRequest(spec: SourceSpec, ctx: RequestContext<string>, deps: Readonly<Record<string, unknown>>): { url: string; init: RequestInit } {
  const url = typeof spec.url === 'function' ? spec.url(ctx, deps) : spec.url.render(ctx, deps, true);
  if (typeof url !== 'string' || url === '') throw new TypeError(`url: expected a non-empty string, got ${describe(url)}`);
  const headers: Record<string, string> = {};
  for (const name of spec.forwardHeaders) {
    const value = ctx.header(name);
    if (value !== undefined) headers[name] = value;
  }
  for (const [name, value] of spec.headers) {
    const rendered = typeof value === 'function' ? value(ctx, deps) : value.render(ctx, deps, false);
    if (rendered !== undefined) headers[name] = rendered;
  }
  let body: string | undefined;
  if (spec.body !== undefined) {
    const raw = typeof spec.body === 'function' ? spec.body(ctx, deps) : spec.body;
    if (typeof raw === 'string') body = raw;
    else {
      body = JSON.stringify(raw);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
  }
  const init: RequestInit = { method: spec.method, headers };
  if (body !== undefined) init.body = body;
  return { url, init };
}

function isRetryable(error: SourceError): boolean {
  return error.reason === 'network' || error.reason === 'timeout' || (error.reason === 'status' && error.status !== undefined && RETRYABLE_STATUS.has(error.status));
}

function header(response: HttpResponse, name: string): string | undefined {
  const values = response.getHeader(name);
  return values === null || values === undefined ? undefined : values.join(', ');
}

function failed(error: SourceError, attempts: number, request?: SentRequest): SourceOutcome {
  return request === undefined ? { state: 'failed', error, attempts } : { state: 'failed', error, attempts, request };
}

function message(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
