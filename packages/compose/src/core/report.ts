/// <reference types="akamai-edgeworkers" />
/**
 * How compose explains itself (issue 14). An exception of the author's code that compose catches
 * (merge, a rule, a source's `when`, URL, headers or body, a URL template, a slot's `render`) is
 * an error; a fallback, an absent optional source and a partial answer are warnings.
 *
 * The channel is the platform's `log` module, the one way out of the worker that exists both at the
 * edge and locally. Weft's `logger` carries a report hook under `Symbol.for('weft.report')`
 * (docs/decisions.md, decision 34): through it the local runtime records an error on the
 * responseProvider stage of the trace with the exception's TypeScript frames, and a warning as a
 * trace warning, and still shows the same line in the debug log headers. Akamai's `logger` has no
 * such key, so a bundle built with `weft build` logs the line with `logger.error`/`logger.warn`
 * there, which is what enhanced debugging and DataStream 2 show. One short line per event: the
 * platform keeps only 1 KB of log per handler.
 */
import { logger } from 'log';
import type { SourceError } from './errors.ts';
import type { Plan } from './plan.ts';

type ReportHook = (kind: 'error' | 'warning' | 'plan', code: string, message: string, error?: unknown) => void;

const REPORT_KEY = Symbol.for('weft.report');

function hook(): ReportHook | undefined {
  const value: unknown = (logger as unknown as Record<symbol, unknown>)[REPORT_KEY];
  return typeof value === 'function' ? (value as ReportHook) : undefined;
}

/** `Name: message` of anything thrown, without ever throwing itself. */
export function errorText(error: unknown): string {
  try {
    if (typeof error === 'object' && error !== null && 'message' in error) {
      const { name, message } = error as { name?: unknown; message?: unknown };
      return `${typeof name === 'string' ? name : 'Error'}: ${String(message)}`;
    }
    return String(error);
  } catch {
    return 'a value that cannot be shown';
  }
}

/** An exception of the author's code that compose caught; `what` says what threw and how compose answered. */
export function reportError(code: string, what: string, error: unknown): void {
  const message = `compose: ${what}: ${errorText(error)}`;
  const report = hook();
  if (report !== undefined) report('error', code, message, error);
  else logger.error('%s', message);
}

/** Something the author should know that did not fail the answer (a fallback, a partial answer). */
export function reportWarning(code: string, message: string): void {
  const text = `compose: ${message}`;
  const report = hook();
  if (report !== undefined) report('warning', code, text);
  else logger.warn('%s', text);
}

/**
 * A source that produced no data. Its `when`, URL, headers or body code (or a URL template) threw:
 * that exception is an error of the author's. Otherwise a required source's failure is an error (it
 * decides the answer) and an optional one's a warning. `outcome`: what stands in for it.
 */
export function reportSourceFailure(error: SourceError, required: boolean, outcome: string): void {
  const callback = error.reason === 'condition' || error.reason === 'request';
  if (callback) {
    const part = error.reason === 'condition' ? 'its when condition' : 'building its request';
    reportError('compose-callback', `source "${error.source}": ${part} threw, ${outcome}`, error.cause ?? error);
  } else if (required) {
    reportError('compose-required-source', `required source "${error.source}" failed (${error.reason}), ${outcome}`, error);
  }
  const prefix = `source "${error.source}": `;
  const detail = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  if (!required) reportWarning('compose-fallback', `source "${error.source}" failed (${error.reason}), ${outcome}: ${detail}`);
}

/**
 * A composition's plan (plan.ts), for the local trace's viewer. At the edge, where the hook does
 * not exist, nothing is sent: a plan is not worth a log line of the 1 KB a handler has.
 */
export function reportPlan(plan: Plan | (() => Plan)): void {
  const report = hook();
  if (report === undefined) return;
  // A function: the plan is only built where someone takes it.
  report('plan', 'compose-plan', JSON.stringify(typeof plan === 'function' ? plan() : plan));
}
