/**
 * What an API composition reports about a run (core/report.ts says through which channel): each
 * failed source, the partial answer, and a merge or response option that threw.
 */
import { reportError, reportSourceFailure, reportWarning } from '../core/report.ts';
import type { SourceError } from '../core/errors.ts';
import type { SourceReport } from '../core/graph.ts';

/** Optional sources that failed (fallback used, or absent), and the partial flag they set. */
export function reportPartial(sources: Readonly<Record<string, SourceReport>>, completedHeader: string | false): void {
  const failed: string[] = [];
  for (const [name, report] of Object.entries(sources)) {
    if (report.outcome.state !== 'failed') continue;
    failed.push(name);
    reportSourceFailure(report.outcome.error, false, report.state === 'fallback' ? 'fallback used' : 'absent');
  }
  const flag = completedHeader === false ? '' : `${completedHeader}: false, `;
  reportWarning('compose-partial', `the answer is partial (${flag}Cache-Control: no-store): ${failed.map((name) => `"${name}"`).join(', ')} failed`);
}

export function reportRequired(error: SourceError, status: number): void {
  reportSourceFailure(error, true, `answering ${status}`);
}

export function reportMerge(error: unknown): void {
  reportError('compose-merge', 'the merge function or a response option threw, answering 500', error);
}
