/**
 * A composition's plan as it ran, for the trace viewer (issue 17): each source, what it waited
 * for, and what became of it. `reportPlan` (report.ts) sends it through the log module's report
 * hook. Compose cannot see the ids the host gives its sub-requests, nor time them (`Date` does not
 * move inside a handler, decision 17), so each source names the request it sent and how many
 * times; the runtime matches those to its own sub-request records and takes the times from them.
 */
import type { SourceReport } from './graph.ts';
import type { SourceSpec } from './source.ts';

export type PlanOutcome = 'ran' | 'skipped' | 'timed-out' | 'fell-back' | 'failed';

export interface PlanSource {
  name: string;
  dependsOn: string[];
  outcome: PlanOutcome;
  /** Why it was skipped, timed out, fell back or failed, in one short line. */
  reason?: string;
  /** The sub-request it sent (every attempt alike) and how many times. */
  request?: { method: string; url: string; attempts: number };
}

export interface Plan {
  kind: 'api' | 'page';
  name?: string;
  partial: boolean;
  sources: PlanSource[];
}

const REASON_CHARS = 240;
const NOT_AWAITED = 'not awaited: a required source failed first and ended the run';

/**
 * The plan of a run. A source missing from `reports` had not settled when the run ended: by default
 * because a required failure ended it; `unsettled` says why otherwise.
 */
export function planOf(
  kind: Plan['kind'],
  name: string | undefined,
  specs: readonly SourceSpec[],
  reports: Readonly<Record<string, SourceReport>>,
  partial: boolean,
  unsettled = NOT_AWAITED,
): Plan {
  const sources = specs.map((spec): PlanSource => {
    const base = { name: spec.name, dependsOn: [...spec.dependsOn] };
    const report = reports[spec.name];
    if (report === undefined) return { ...base, outcome: 'skipped', reason: unsettled };
    const { outcome } = report;
    if (outcome.state === 'skipped') {
      if (outcome.why === 'condition') return { ...base, outcome: 'skipped', reason: 'its when condition was false' };
      const missing = spec.dependsOn.filter((dep) => reports[dep]?.value === undefined);
      return { ...base, outcome: 'skipped', reason: `no value from ${missing.map((dep) => `"${dep}"`).join(', ') || 'a dependency'}` };
    }
    const request = outcome.request === undefined || outcome.attempts === 0 ? {} : { request: { ...outcome.request, attempts: outcome.attempts } };
    if (outcome.state === 'fulfilled') return { ...base, outcome: 'ran', ...request };
    const { error } = outcome;
    const prefix = `source "${error.source}": `;
    const detail = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    const reason = clipReason(`${error.reason}: ${detail}`);
    if (report.state === 'fallback') return { ...base, outcome: 'fell-back', reason, ...request };
    const timedOut = error.reason === 'timeout' || error.reason === 'deadline';
    return { ...base, outcome: timedOut ? 'timed-out' : 'failed', reason, ...request };
  });
  return name === undefined ? { kind, partial, sources } : { kind, name, partial, sources };
}

/**
 * A page's plan: its JSON data sources as `planOf` reads them, then one source per slot (built by
 * html/assemble/slot-plan.ts). A data source still running when the page settled is unfinished.
 */
export function pagePlanOf(
  name: string | undefined,
  dataSpecs: readonly SourceSpec[],
  reports: Readonly<Record<string, SourceReport>>,
  slots: readonly PlanSource[],
  partial: boolean,
): Plan {
  const data = planOf('page', name, dataSpecs, reports, partial, 'unfinished: the page had settled before it answered');
  return { ...data, sources: [...data.sources, ...slots] };
}

/** One short line: a reason past the bound ends with an ellipsis. */
export function clipReason(text: string): string {
  return text.length > REASON_CHARS ? `${text.slice(0, REASON_CHARS - 1)}…` : text;
}
