/**
 * The page's JSON data: each source starts at once (or when its dependencies settle) through the
 * core's `runSource`, so a slot waits only for the sources it names. A source that fails gives its
 * fallback, or undefined; the slots that read it decide what that means.
 */
import { runSource, type RequestContext, type RunEnv, type SourceSpec } from '../../core/index.ts';
import { reportSourceFailure } from '../../core/report.ts';

export type DataPromises = ReadonlyMap<string, Promise<unknown>>;

/** Starts each source (after `gate`, when given). */
export function startData(ordered: readonly SourceSpec[], ctx: RequestContext<string>, env: RunEnv, gate?: Promise<void>): DataPromises {
  const values = new Map<string, Promise<unknown>>();
  for (const spec of ordered) {
    const deps = spec.dependsOn.map((name) => values.get(name) ?? Promise.resolve(undefined));
    if (gate !== undefined) deps.push(gate.then(() => null));
    values.set(
      spec.name,
      Promise.all(deps).then(async (settled) => {
        if (settled.some((v) => v === undefined)) return undefined;
        const depValues: Record<string, unknown> = {};
        spec.dependsOn.forEach((name, i) => (depValues[name] = settled[i]));
        const outcome = await runSource(spec, ctx, depValues, env);
        if (outcome.state === 'fulfilled') return outcome.value;
        if (outcome.state !== 'failed') return undefined;
        const fallback = spec.failure.kind === 'optional' && spec.failure.hasFallback;
        // A page has no required data: a slot that reads an absent source shows its fallback.
        reportSourceFailure(outcome.error, false, fallback ? 'fallback used' : 'absent');
        return fallback && spec.failure.kind === 'optional' ? spec.failure.fallback : undefined;
      }),
    );
  }
  return values;
}

/** The values of `names`, once each has settled. */
export async function collectData(data: DataPromises, names: readonly string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = await data.get(name);
  return out;
}
