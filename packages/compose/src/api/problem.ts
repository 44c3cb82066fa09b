/**
 * Problem details (RFC 9457) for a composition that cannot answer: a required source failed, the
 * merge threw, or a rule chose an error. What goes to the client says what kind of failure it was
 * and which source, never an upstream URL or an exception's text: those can name internal hosts,
 * paths and data. The trace (locally) and the log (at the edge) have the whole story (report.ts).
 * `exposeErrors`, a debug option, puts the failure's own message into `detail`.
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function sourceProblem(error: SourceError, status: number, title: string | undefined, instance: string, exposeErrors = false): Problem {
  return {
    type: 'urn:weft:compose:required-source-failed',
    title: title ?? 'A required source failed',
    status,
    detail: exposeErrors ? error.message : `source "${error.source}" failed (${error.reason})`,
    instance,
    source: error.source,
    reason: error.reason,
  };
}

export function mergeProblem(error: unknown, instance: string, exposeErrors = false): Problem {
  return {
    type: 'urn:weft:compose:merge-failed',
    title: 'The merge function or a response option threw',
    status: 500,
    detail: exposeErrors ? messageOf(error) : 'the answer could not be built from the sources',
    instance,
  };
}

export function ruleProblem(error: unknown, instance: string, exposeErrors = false): Problem {
  return {
    type: 'urn:weft:compose:rule-failed',
    title: 'A rule condition threw',
    status: 500,
    detail: exposeErrors ? messageOf(error) : 'no rule could choose an answer',
    instance,
  };
}

export function routeProblem(pattern: string, path: string, exposeErrors = false): Problem {
  return {
    type: 'urn:weft:compose:no-route',
    title: 'No composition answers this path',
    status: 404,
    detail: exposeErrors ? `path ${JSON.stringify(path)} does not match ${JSON.stringify(pattern)}` : `no composition answers ${JSON.stringify(path)}`,
    instance: path,
  };
}
