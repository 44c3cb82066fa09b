/**
 * What a failed source does to the composition (KrakenD's static data, Tailor's primary fragment):
 * - `'required'` (default): the composition fails, answering `status` (default 502) with a problem body;
 * - `'optional'`: the source is absent (undefined) and the result is partial;
 * - `{ fallback: value }`: the source takes `value` and the result is partial.
 * Retries are separate (`retry`), for idempotent methods only, and happen before the policy applies.
 */
import { DefinitionError, describe } from './errors.ts';

export type FailurePolicy<F = unknown> =
  | 'required'
  | 'optional'
  | { readonly required: { readonly status?: number; readonly title?: string } }
  | { readonly fallback: F };

export type NormalizedFailure =
  | { kind: 'required'; status: number | undefined; title: string | undefined }
  | { kind: 'optional'; hasFallback: boolean; fallback: unknown };

/** The data type a policy adds when the source fails. */
export type FallbackOf<P> = P extends { readonly fallback: infer F } ? F : P extends 'optional' ? undefined : never;

export function normalizeFailure(policy: unknown, where: string): NormalizedFailure {
  if (policy === undefined || policy === 'required') return { kind: 'required', status: undefined, title: undefined };
  if (policy === 'optional') return { kind: 'optional', hasFallback: false, fallback: undefined };
  if (policy !== null && typeof policy === 'object') {
    if ('fallback' in policy) return { kind: 'optional', hasFallback: true, fallback: (policy as { fallback: unknown }).fallback };
    if ('required' in policy) {
      const { status, title } = (policy as { required: { status?: unknown; title?: unknown } }).required ?? {};
      if (status !== undefined && !(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)) {
        throw new DefinitionError(`${where}.failure.required.status: expected an HTTP error status 400–599, got ${describe(status)}`);
      }
      if (title !== undefined && typeof title !== 'string') throw new DefinitionError(`${where}.failure.required.title: expected a string, got ${describe(title)}`);
      return { kind: 'required', status: status as number | undefined, title: title as string | undefined };
    }
  }
  throw new DefinitionError(`${where}.failure: expected 'required', 'optional', { required: { status } } or { fallback: value }, got ${describe(policy)}`);
}

export interface RetryPolicy {
  /** Extra attempts after the first one (1–3). */
  readonly attempts: number;
}

/** RFC 9110 §9.2.2: repeating one of these has the effect of one request, so a retry is safe. */
export const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'PUT', 'DELETE'] as const;
export type IdempotentMethod = (typeof IDEMPOTENT_METHODS)[number];

/** Bounded: a retry storm would burn the platform's 50 sub-requests and the deadline. */
export const MAX_RETRIES = 3;

export function normalizeRetry(retry: unknown, method: string, where: string): number {
  if (retry === undefined || retry === 0) return 0;
  const attempts = typeof retry === 'number' ? retry : retry !== null && typeof retry === 'object' ? (retry as RetryPolicy).attempts : undefined;
  if (!(Number.isInteger(attempts) && (attempts as number) >= 0 && (attempts as number) <= MAX_RETRIES)) {
    throw new DefinitionError(`${where}.retry: expected an integer from 0 to ${MAX_RETRIES} (or { attempts }), got ${describe(retry)}`);
  }
  if (!(IDEMPOTENT_METHODS as readonly string[]).includes(method)) {
    throw new DefinitionError(`${where}.retry: retry needs an idempotent method (${IDEMPOTENT_METHODS.join(', ')}), and this source uses ${method}: a retried ${method} could apply twice; drop retry, or make the call idempotent`);
  }
  return attempts as number;
}
