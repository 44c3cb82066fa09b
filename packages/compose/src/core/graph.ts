/**
 * Runs a set of sources as a dependency graph: every source starts as soon as its dependencies have
 * settled (independent ones in parallel, bounded by the limiter), a dependent runs only when each
 * dependency has a value, and a failed required source ends the whole run at once (fail fast).
 */
import type { RequestContext } from './context.ts';
import { createBudget, type Clock } from './deadline.ts';
import { ComposeError, DefinitionError, SourceError } from './errors.ts';
import { runSource, MAX_SUBREQUESTS, type RunEnv, type SourceOutcome } from './fetch.ts';
import { createLimiter } from './limiter.ts';
import type { SourceSpec } from './source.ts';

/** The platform's parallel sub-request limit for responseProvider at tiers 100 and 200 (spec §21). */
export const DEFAULT_CONCURRENCY = 5;

export interface RunOptions {
  /** Parallel sub-requests (default 5, the platform's responseProvider limit). */
  concurrency?: number;
  /** One deadline for the whole run, ms. */
  deadline?: number;
  /** A clock that advances (the default `Date.now` is frozen at the edge; see deadline.ts). */
  clock?: Clock;
}

/** Outcome of one source as the caller sees it. */
export interface SourceReport {
  state: 'fulfilled' | 'skipped' | 'failed' | 'fallback';
  /** The value the data sees: the parsed data, the fallback, or undefined. */
  value: unknown;
  outcome: SourceOutcome;
}

export interface GraphResult {
  sources: Record<string, SourceReport>;
  /** True when an optional source failed (its fallback or absence stands in). */
  partial: boolean;
  subrequests: number;
  elapsedMs: number;
}

/** A required source failed: the run is over. */
export class RequiredSourceError extends ComposeError {
  readonly source: string;
  readonly status: number | undefined;
  readonly title: string | undefined;
  readonly failure: SourceError;
  /** The sources that had settled when the run ended (the plan in the trace shows them). */
  readonly settled: Readonly<Record<string, SourceReport>>;
  constructor(failure: SourceError, status: number | undefined, title: string | undefined, settled: Readonly<Record<string, SourceReport>> = {}) {
    super('WEFT_COMPOSE_REQUIRED_SOURCE_FAILED', `required ${failure.message}`, { kind: 'system', cause: failure });
    this.source = failure.source;
    this.failure = failure;
    this.status = status;
    this.title = title;
    this.settled = settled;
  }
}

/** Checks names, dependencies and cycles; returns the specs in an order where dependencies come first. */
export function orderGraph(specs: readonly SourceSpec[]): SourceSpec[] {
  const byName = new Map<string, SourceSpec>();
  for (const spec of specs) {
    if (byName.has(spec.name)) throw new DefinitionError(`source "${spec.name}" is declared twice`);
    byName.set(spec.name, spec);
  }
  for (const spec of specs) {
    for (const dep of spec.dependsOn) {
      if (!byName.has(dep)) throw new DefinitionError(`source "${spec.name}" depends on "${dep}", which is not declared (declared: ${[...byName.keys()].join(', ')})`);
    }
  }
  const ordered: SourceSpec[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (spec: SourceSpec, trail: string[]): void => {
    const seen = state.get(spec.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(spec.name)), spec.name];
      throw new DefinitionError(`sources form a dependency cycle: ${cycle.join(' -> ')}; a source can only depend on sources that do not depend on it`);
    }
    state.set(spec.name, 'visiting');
    for (const dep of spec.dependsOn) {
      const target = byName.get(dep);
      if (target !== undefined) visit(target, [...trail, spec.name]);
    }
    state.set(spec.name, 'done');
    ordered.push(spec);
  };
  for (const spec of specs) visit(spec, []);
  if (ordered.length > MAX_SUBREQUESTS) {
    throw new DefinitionError(`a composition of ${ordered.length} sources cannot run: responseProvider allows ${MAX_SUBREQUESTS} sub-requests (spec §21)`);
  }
  return ordered;
}

/** Runs ordered specs (from `orderGraph`); rejects with `RequiredSourceError` on a required failure. */
export function runGraph(ordered: readonly SourceSpec[], ctx: RequestContext<string>, options: RunOptions = {}): Promise<GraphResult> {
  const env: RunEnv = {
    limiter: createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY),
    budget: createBudget(options.deadline, options.clock),
    subrequests: { used: 0, max: MAX_SUBREQUESTS },
  };
  const reports: Record<string, SourceReport> = {};
  const settled = new Map<string, Promise<SourceReport>>();
  let partial = false;

  return new Promise<GraphResult>((resolve, reject) => {
    let failedFast = false;
    let pending = ordered.length;
    const finish = (): void => {
      if (--pending === 0 && !failedFast) resolve({ sources: reports, partial, subrequests: env.subrequests.used, elapsedMs: env.budget.elapsed() });
    };
    const settle = (spec: SourceSpec, report: SourceReport): SourceReport => {
      reports[spec.name] = report;
      if (report.outcome.state === 'failed' && spec.failure.kind === 'required' && !failedFast) {
        failedFast = true;
        reject(new RequiredSourceError(report.outcome.error, spec.failure.status, spec.failure.title, { ...reports }));
      }
      if (report.state === 'fallback' || (report.state === 'failed' && spec.failure.kind === 'optional')) partial = true;
      finish();
      return report;
    };
    const start = (spec: SourceSpec, deps: Record<string, unknown> | undefined): Promise<SourceReport> => {
      // After a required failure nothing new starts; a dependent of an absent source is absent.
      if (failedFast || deps === undefined) return Promise.resolve(settle(spec, toReport(spec, DEPENDENCY_SKIPPED)));
      return runSource(spec, ctx, deps, env).then(
        (outcome) => settle(spec, toReport(spec, outcome)),
        (error: unknown) => {
          // runSource reports failures as outcomes; reaching here is a bug, so end the run with it.
          if (!failedFast) reject(error);
          failedFast = true;
          return toReport(spec, DEPENDENCY_SKIPPED);
        },
      );
    };
    if (ordered.length === 0) {
      resolve({ sources: reports, partial, subrequests: 0, elapsedMs: 0 });
      return;
    }
    for (const spec of ordered) {
      const deps = spec.dependsOn;
      settled.set(
        spec.name,
        deps.length === 0 ? start(spec, NO_DEPS) : Promise.all(deps.map((d) => settled.get(d) as Promise<SourceReport>)).then((list) => start(spec, collect(spec, list))),
      );
    }
  });
}

const NO_DEPS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const DEPENDENCY_SKIPPED: SourceOutcome = Object.freeze({ state: 'skipped', why: 'dependency' });

/** Dependency values for a dependent, or undefined when one has no value (the dependent is then skipped). */
function collect(spec: SourceSpec, reports: SourceReport[]): Record<string, unknown> | undefined {
  const deps: Record<string, unknown> = {};
  for (let i = 0; i < reports.length; i++) {
    if (reports[i].value === undefined) return undefined;
    deps[spec.dependsOn[i]] = reports[i].value;
  }
  return deps;
}

function toReport(spec: SourceSpec, outcome: SourceOutcome): SourceReport {
  switch (outcome.state) {
    case 'fulfilled':
      return { state: 'fulfilled', value: outcome.value, outcome };
    case 'skipped':
      return { state: 'skipped', value: undefined, outcome };
    case 'failed':
      if (spec.failure.kind === 'optional' && spec.failure.hasFallback) return { state: 'fallback', value: spec.failure.fallback, outcome };
      return { state: 'failed', value: undefined, outcome };
  }
}
