/**
 * Weft's report hook, `logger[Symbol.for('weft.report')](kind, code, message, error?)`: how a
 * toolkit bundled into a worker (@weft/compose) tells the local runtime that it caught an exception
 * of the author's code, or answered with a fallback, without failing the handler. The runtime
 * records it on the handler's stage in the trace, with the exception's source-mapped frames, and
 * the debug log headers still show the line the call would have logged.
 *
 * Why a symbol on `logger`: the toolkit may import only built-in modules, and at the edge those are
 * Akamai's, where a named export Weft added would fail to link. A property read is safe everywhere:
 * Akamai's `logger` has no such key, and a toolkit that finds none logs the same line with
 * `logger.error`/`logger.warn` (packages/compose/src/core/report.ts). The key is a registered
 * symbol so the toolkit needs no import from Weft, and it is not enumerable, so `Object.keys(logger)`
 * stays the platform's list.
 */
import { host } from '../../realm/host-link.ts';
import { describeError } from '../../realm/handler-call.ts';
import { JSONStringify, StringCtor } from '../../realm/primordials.ts';
import { findCallSite } from './call-site.ts';

export const REPORT_KEY: unique symbol = Symbol.for('weft.report') as never;

/** 'plan': `message` is a composition's plan as JSON (compose's core/plan.ts), for the trace's viewer only. */
export type ReportHook = (kind: 'error' | 'warning' | 'plan', code: string, message: string, error?: unknown) => void;

/** `emit`: the log module's own output, for a host that takes no reports (the line is all there is, as at the edge). */
export function createReportHook(emit: (level: 'error' | 'warn', message: string) => void): ReportHook {
  return function report(kind, code, message, error) {
    // A plan is for the local trace only: a host that takes none drops it, as the edge has no hook.
    if (kind === 'plan') {
      host().report('plan', StringCtor(code), StringCtor(message), '', '', 0);
      return;
    }
    const level = kind === 'error' ? 'error' : 'warn';
    const text = StringCtor(message);
    const wire = error === undefined ? '' : JSONStringify(describeError(error));
    const { file, line } = findCallSite();
    const taken = host().report(kind === 'error' ? 'error' : 'warning', StringCtor(code), text, wire, file ?? '', line ?? 0);
    if (taken !== true) emit(level, text);
  };
}
