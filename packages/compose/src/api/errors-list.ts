/**
 * The `errors` member of a composed answer (`respond({ errors: true })`, issue 17): one entry per
 * source that gave no data of its own (skipped, fell back, timed out, failed), so a client can tell
 * a missing or stand-in part from real data. Off by default, since it changes the answer's shape.
 *
 * `path` is a JSON Pointer (RFC 6901) into the answer: where the source's data would have been.
 * Without a merge function the answer is the sources by name, so it is `/<name>`; a merge decides
 * the shape itself, so its paths are declared (`respond({ errors: { paths: { recs: '/recommendations' } } })`)
 * and a source with none declared has `path: null`.
 */
import { DefinitionError, describe, type FailureReason } from '../core/errors.ts';
import type { SourceReport } from '../core/graph.ts';
import type { SourceSpec } from '../core/source.ts';

/** A JSON Pointer (RFC 6901): empty for the whole answer, otherwise `/`-separated reference tokens. */
export type JsonPointer = '' | `/${string}`;

/** Why a source gave no data of its own: its failure's reason, or `skipped` (its `when` was false). */
export type SourceErrorReason = FailureReason | 'skipped';

export interface CompositionErrorEntry {
  /** The source's name. */
  source: string;
  /** Where its data would have been in this answer (JSON Pointer), or null when no path is declared for it. */
  path: JsonPointer | null;
  reason: SourceErrorReason;
  /** True when the source's fallback stands in at `path`; false when the data is absent. */
  fallback: boolean;
  /** The upstream status, for reason `status`. */
  status?: number;
  /** The failure's own message; only with the debug option `exposeErrors`. */
  detail?: string;
}

/** The `errors` option of `respond`: on, or on with the JSON Pointer of each source the merge placed. */
export type ErrorsOption<Names extends string> = boolean | { readonly paths: Readonly<Partial<Record<Names, JsonPointer>>> };

/** An answer carrying the list (absent when every source gave its own data). */
export type WithErrors<R> = R & { readonly errors?: CompositionErrorEntry[] };

/** Whether an answer of type R can carry an `errors` member, as a type the option must satisfy. */
export type ErrorsAllowed<R> = R extends readonly unknown[]
  ? { readonly 'respond errors: the answer is an array; make merge return an object to carry an errors member': never }
  : R extends object
    ? 'errors' extends keyof R
      ? { readonly "respond errors: the answer already has an 'errors' member; rename it, or leave this option off": never }
      : unknown
    : { readonly 'respond errors: the answer is not an object; make merge return an object to carry an errors member': never };

/** The checked paths of the option: source name → pointer, for the names that are declared. */
export function errorPaths(option: unknown, names: readonly string[], merged: boolean): ReadonlyMap<string, JsonPointer> | undefined {
  if (option === undefined || option === false) return undefined;
  const paths = new Map<string, JsonPointer>();
  if (!merged) for (const name of names) paths.set(name, `/${escapeToken(name)}`);
  if (option === true) return paths;
  if (option === null || typeof option !== 'object' || !('paths' in option) || option.paths === null || typeof option.paths !== 'object') {
    throw new DefinitionError(`respond errors: expected true, false or { paths: { source: '/json/pointer' } }, got ${describe(option)}`);
  }
  for (const [name, pointer] of Object.entries(option.paths as Record<string, unknown>)) {
    if (!names.includes(name)) throw new DefinitionError(`respond errors.paths: ${describe(name)} is not a declared source (declared: ${names.join(', ') || 'none'})`);
    if (typeof pointer !== 'string' || (pointer !== '' && !pointer.startsWith('/'))) {
      throw new DefinitionError(`respond errors.paths.${name}: expected a JSON Pointer such as '/recommendations' (RFC 6901: empty, or starting with "/"), got ${describe(pointer)}`);
    }
    paths.set(name, pointer as JsonPointer);
  }
  return paths;
}

/** One entry per source without data of its own, in declaration order. */
export function errorsOf(specs: readonly SourceSpec[], reports: Readonly<Record<string, SourceReport>>, paths: ReadonlyMap<string, JsonPointer>, exposeErrors: boolean): CompositionErrorEntry[] {
  const out: CompositionErrorEntry[] = [];
  for (const spec of specs) {
    const report = reports[spec.name];
    if (report === undefined || report.state === 'fulfilled') continue;
    const path = paths.get(spec.name) ?? null;
    const { outcome } = report;
    if (outcome.state === 'skipped') {
      out.push({ source: spec.name, path, reason: outcome.why === 'condition' ? 'skipped' : 'dependency', fallback: false });
      continue;
    }
    if (outcome.state !== 'failed') continue;
    const entry: CompositionErrorEntry = { source: spec.name, path, reason: outcome.error.reason, fallback: report.state === 'fallback' };
    if (outcome.error.status !== undefined) entry.status = outcome.error.status;
    if (exposeErrors) entry.detail = outcome.error.message;
    out.push(entry);
  }
  return out;
}

/** RFC 6901 §3: `~` is written `~0` and `/` is written `~1`. */
function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
