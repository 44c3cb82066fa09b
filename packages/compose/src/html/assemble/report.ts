/**
 * Every fallback is explained (docs/design.md principle 5): a slot, include or streamed content
 * that did not make it is a warning (core/report.ts: a trace warning locally, a warn line of the
 * `log` module at the edge), and when the author's own code threw (a slot's `when`, `url` or
 * `render`) that exception is an error, with its position in the trace.
 */
import { ComposeError } from '../../core/errors.ts';
import { errorText, reportError, reportWarning } from '../../core/report.ts';
import type { SlotOutcome } from './fragment.ts';

/** A fragment, the limits or the deadline failed (a system error), not the author's code. */
function isSystem(error: unknown): boolean {
  return error instanceof ComposeError && error.kind === 'system';
}

export function logOutcome(outcome: SlotOutcome): void {
  if (outcome.outcome === 'fallback') {
    if (!isSystem(outcome.error)) reportError('compose-callback', `${outcome.name}: its code threw, fallback used`, outcome.error);
    reportWarning('compose-fallback', `${outcome.name} replaced by its fallback: ${errorText(outcome.error)}`);
  } else if (outcome.outcome === 'cut') {
    reportWarning('compose-cut', `${outcome.name} cut after ${outcome.bytes} bytes: ${errorText(outcome.error)}`);
  }
}

/** The page's part list failed after the status line left: the page ends early with a comment. */
export function reportPageCut(error: unknown): void {
  reportError('compose-page', 'the page could not be completed and ends with a comment', error);
}
