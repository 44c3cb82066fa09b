/**
 * Problem details (RFC 9457) for a composition that cannot answer: a required source failed, the
 * merge threw, or a rule chose an error. The body names what failed so the caller can act on it.
 */
import type { SourceError } from '../core/errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Path of the request that failed. */
  instance: string;
  /** The failing source, when one did. */
  source?: string;
  reason?: string;
}

export function sourceProblem(error: SourceError, status: number, title: string | undefined, instance: string): Problem {
  return {
    type: 'urn:weft:compose:required-source-failed',
    title: title ?? 'A required source failed',
    status,
    detail: error.message,
    instance,
    source: error.source,
    reason: error.reason,
  };
}

export function mergeProblem(error: unknown, instance: string): Problem {
  return {
    type: 'urn:weft:compose:merge-failed',
    title: 'The merge function or a response option threw',
    status: 500,
    detail: error instanceof Error ? error.message : String(error),
    instance,
  };
}

export function routeProblem(pattern: string, path: string): Problem {
  return {
    type: 'urn:weft:compose:no-route',
    title: 'No composition answers this path',
    status: 404,
    detail: `path ${JSON.stringify(path)} does not match ${JSON.stringify(pattern)}`,
    instance: path,
  };
}
