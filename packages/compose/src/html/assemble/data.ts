/**
 * The page's JSON data: each source starts at once (or when its dependencies settle) through the
 * core's `runSource`, so a slot waits only for the sources it names. A source that fails gives its
 * fallback, or undefined; the slots that read it decide what that means. Each source's report
 * is kept for the page's plan (core/plan.ts).
 */
import { runSource, type RequestContext, type RunEnv, type SourceSpec } from '../../core/index.ts';
import type { SourceReport } from '../../core/graph.ts';
import { reportSourceFailure } from '../../core/report.ts';

export type DataPromises = ReadonlyMap<string, Promise<unknown>>;

export interface StartedData {
  values: DataPromises;
  /** Filled in as each source settles. */
  reports: Readonly<Record<string, SourceReport>>;
}

const DEPENDENCY_SKIPPED: SourceReport = Object.freeze({ state: 'skipped', value: undefined, outcome: Object.freeze({ state: 'skipped', why: 'dependency' }) });

/** Starts each source (after `gate`, when given). */
export function startData(ordered: readonly SourceSpec[], ctx: RequestContext<string>, env: RunEnv, gate?: Promise<void>): StartedData {
  const values = new Map<string, Promise<unknown>>();
  const reports: Record<string, SourceReport> = {};
  for (const spec of ordered) {
    const deps = spec.dependsOn.map((name) => values.get(name) ?? Promise.resolve(undefined));
    if (gate !== undefined) deps.push(gate.then(() => null));
    values.set(
      spec.name,
      Promise.all(deps).then(async (settled) => {
        if (settled.some((v) => v === undefined)) {
          reports[spec.name] = DEPENDENCY_SKIPPED;
          return undefined;
        }
        const depValues: Record<string, unknown> = {};
        spec.dependsOn.forEach((name, i) => (depValues[name] = settled[i]));
        const outcome = await runSource(spec, ctx, depValues, env);
        if (outcome.state === 'fulfilled') {
          reports[spec.name] = { state: 'fulfilled', value: outcome.value, outcome };
          return outcome.value;
        }
        if (outcome.state !== 'failed') {
          reports[spec.name] = { state: 'skipped', value: undefined, outcome };
          return undefined;
        }
        const fallback = spec.failure.kind === 'optional' && spec.failure.hasFallback ? { value: spec.failure.fallback } : undefined;
        reports[spec.name] = { state: fallback === undefined ? 'failed' : 'fallback', value: fallback?.value, outcome };
        // A page has no required data: a slot that reads an absent source shows its fallback.
        reportSourceFailure(outcome.error, false, fallback === undefined ? 'absent' : 'fallback used');
        return fallback?.value;
      }),
    );
  }
  return { values, reports };
}

/** The values of `names`, once each has settled. */
export async function collectData(data: DataPromises, names: readonly string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = await data.get(name);
  return out;
}
