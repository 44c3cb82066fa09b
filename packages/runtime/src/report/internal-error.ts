/**
 * How Weft reports its own failures (not a worker's): a `weft:` line with the stack on the
 * terminal, and, when a request is involved, a warning in its trace. Nothing here may run worker
 * code: a value that is not a plain host error is described without reading its properties.
 */
import { types } from 'node:util';
import type { TraceRecorder } from '../trace/recorder.ts';

/** Where internal errors are written; tests pass their own, everything else uses stderr. */
export type ReportWriter = (text: string) => void;

const stderr: ReportWriter = (text) => {
  process.stderr.write(text);
};

/**
 * A host error's stack (or name and message). A Proxy or an object from a worker realm could run
 * worker code from a getter, so for anything else only its type is named.
 */
export function describeFailure(value: unknown): string {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return String(value);
  if (types.isProxy(value) || !types.isNativeError(value)) return `a thrown ${typeof value} that is not an Error`;
  const stack = Object.getOwnPropertyDescriptor(value, 'stack')?.value as unknown;
  if (typeof stack === 'string') return stack;
  const message = Object.getOwnPropertyDescriptor(value, 'message')?.value as unknown;
  return `Error: ${typeof message === 'string' ? message : '(no message)'}`;
}

/** The one-line summary a trace warning gets: the first line of the description. */
function summary(error: unknown): string {
  return describeFailure(error).split('\n', 1)[0] ?? '';
}

/**
 * Reports a failure of Weft's own code. `context` completes "internal error while ...", e.g.
 * "recording the trace of GET /a". With `trace`, the request's trace says so too.
 */
export function reportInternalError(context: string, error: unknown, options: { trace?: TraceRecorder; write?: ReportWriter } = {}): void {
  const write = options.write ?? stderr;
  try {
    options.trace?.warn('internal-error', `Weft failed while ${context}: ${summary(error)}. This is a bug in Weft, not in the worker; the terminal shows the stack.`);
  } catch (traceError) {
    // The trace itself is what failed: the terminal still gets both errors below.
    write(`weft: internal error: the trace could not record the next failure: ${describeFailure(traceError)}\n`);
  }
  write(`weft: internal error while ${context} (a bug in Weft, please report it with this stack): ${describeFailure(error)}\n`);
}
