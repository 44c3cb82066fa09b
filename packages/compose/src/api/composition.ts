/**
 * A runnable API composition: per request it captures the context, runs the source graph, merges
 * the data and answers through `createResponse`. Built by `api()` (builder.ts).
 */
import { captureContext, type EdgeRequest } from '../core/context.ts';
import type { Clock } from '../core/deadline.ts';
import { DefinitionError, describe } from '../core/errors.ts';
import { deriveCacheControl, type Freshness } from '../core/freshness.ts';
import { RequiredSourceError, runGraph, type SourceReport } from '../core/graph.ts';
import { planOf } from '../core/plan.ts';
import { reportPlan } from '../core/report.ts';
import type { RouteMatcher } from '../core/route.ts';
import type { AnySchema } from '../core/schema.ts';
import type { SourceSpec } from '../core/source.ts';
import { errorPaths, errorsOf, type CompositionErrorEntry, type JsonPointer } from './errors-list.ts';
import { guardSources } from './merge-guard.ts';
import { mergeProblem, routeProblem, sourceProblem, type Problem } from './problem.ts';
import { reportMerge, reportPartial, reportRequired } from './report.ts';
import { bodyCheck, readBody, type BodyCheck } from './request-body.ts';
import { DEFAULT_COMPLETED_HEADER, assign, jsonResponse, problemResponse, type HeaderMap } from './respond.ts';
import type { ApiContext } from './types.ts';

export interface CompositionOptions {
  /** Parallel sub-requests, default 5 (the platform's responseProvider limit, spec §21). */
  concurrency?: number;
  /** One deadline for all sources, ms. */
  deadline?: number;
  /** A clock that advances, if the host offers one; the default `Date.now` is frozen at the edge. */
  clock?: Clock;
  /** Status when a required source fails and its policy names none (default 502). */
  failureStatus?: number;
  /**
   * Debug option: problem documents carry the failure's own message in `detail` (upstream URLs,
   * an exception's text). Off by default, since that can name internal hosts and data; the trace
   * and the log always have it.
   */
  exposeErrors?: boolean;
  /** The composition's name in the trace's plan (default: its route pattern). */
  name?: string;
  /** A Standard Schema for the client's JSON request body (`api({ body })`, request-body.ts). */
  body?: AnySchema | undefined;
  /** The largest request body read, bytes (default and ceiling 1 MiB, spec §21.2). */
  maxBodyBytes?: number;
}

export interface RespondOptions<R, Ctx> {
  status?: number | ((data: R, ctx: Ctx) => number);
  headers?: HeaderMap | ((data: R, ctx: Ctx) => HeaderMap);
  /** Overrides the `Cache-Control` derived from the sources (a partial result is `no-store` regardless). */
  cacheControl?: string;
  /** Name of the completed flag, or false for none. Default `X-Compose-Completed`. */
  completedHeader?: string | false;
}

/** What one run produced, before it becomes a response (tests and rules read this). */
export type RunResult<R> =
  | {
    ok: true; data: R; status: number; headers: Record<string, string | string[]>; partial: boolean; cacheControl: string; sources: Record<string, SourceReport>; subrequests: number;
    /** The sources without data of their own (errors-list.ts), whether or not the answer carries them. */
    errors: CompositionErrorEntry[];
  }
  | { ok: false; status: number; problem: Problem; sources: Record<string, SourceReport>; error?: unknown };

/** decisions 5: a response status is 200–599. */
function checkStatus(status: unknown): number {
  if (!(Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 599)) {
    throw new DefinitionError(`respond status: expected an integer from 200 to 599 (decisions 5), got ${describe(status)}`);
  }
  return status as number;
}

export class ApiComposition<P extends string, Data, R, B = undefined> {
  readonly #specs: readonly SourceSpec[];
  readonly #route: RouteMatcher<P> | undefined;
  readonly #options: CompositionOptions;
  /** Undefined: answer the sources' data as is. */
  readonly #merge: ((data: Data, ctx: ApiContext<P, B>) => R | Promise<R>) | undefined;
  readonly #respond: RespondOptions<R, ApiContext<P, B>>;
  /** Where each source's data goes in the answer, when the answer carries the errors list. */
  readonly #errorPaths: ReadonlyMap<string, JsonPointer> | undefined;
  readonly #body: BodyCheck | undefined;

  constructor(specs: readonly SourceSpec[], route: RouteMatcher<P> | undefined, options: CompositionOptions, merge: ((data: Data, ctx: ApiContext<P, B>) => R | Promise<R>) | undefined, respond: RespondOptions<R, ApiContext<P, B>>) {
    this.#specs = specs;
    this.#route = route;
    this.#options = options;
    this.#merge = merge;
    this.#respond = respond;
    this.#names = specs.map((s) => s.name);
    if (typeof respond.status === 'number') checkStatus(respond.status);
    this.#errorPaths = errorPaths((respond as { errors?: unknown }).errors, this.#names, merge !== undefined);
    this.#body = bodyCheck(options.body, options.maxBodyBytes);
  }

  readonly #names: readonly string[];

  /** The names of the declared sources, in dependency order. */
  get sources(): string[] {
    return [...this.#names];
  }

  /** The route pattern, when the composition has one. */
  get route(): string | undefined {
    return this.#route?.pattern;
  }

  /** `export const responseProvider = composition.responseProvider;` */
  readonly responseProvider = (request: EdgeRequest): Promise<object> => this.handle(request);

  /** Runs the composition and answers with a `createResponse()` result. */
  async handle(request: EdgeRequest): Promise<object> {
    const result = await this.run(request);
    const completed = this.#respond.completedHeader ?? DEFAULT_COMPLETED_HEADER;
    if (!result.ok) return problemResponse(result.problem, completed);
    return jsonResponse(result.status, result.headers, result.data);
  }

  /** Runs the composition and returns the typed data with what is known about it. */
  async run(request: EdgeRequest): Promise<RunResult<R>> {
    if (this.#route !== undefined && this.#route.match(request.path) === undefined) {
      return { ok: false, status: 404, problem: routeProblem(this.#route.pattern, request.path, this.#options.exposeErrors), sources: {} };
    }
    let body: unknown;
    if (this.#body !== undefined) {
      // Before any source: a request the composition cannot serve costs no sub-request.
      const read = await readBody(request, this.#body);
      if (!read.ok) return { ok: false, status: read.problem.status, problem: read.problem, sources: {} };
      body = read.value;
    }
    const ctx = { ...captureContext(request, this.#route), body } as ApiContext<P, B>;
    let graph;
    try {
      graph = await runGraph(this.#specs, ctx, this.#options);
    } catch (error) {
      if (!(error instanceof RequiredSourceError)) throw error;
      const status = error.status ?? this.#options.failureStatus ?? 502;
      reportRequired(error.failure, status);
      reportPlan(() => planOf('api', this.#options.name, this.#specs, error.settled, true));
      return { ok: false, status, problem: sourceProblem(error.failure, status, error.title, request.path, this.#options.exposeErrors), sources: {}, error: error.failure };
    }
    reportPlan(() => planOf('api', this.#options.name, this.#specs, graph.sources, graph.partial));
    if (graph.partial) reportPartial(graph.sources, this.#respond.completedHeader ?? DEFAULT_COMPLETED_HEADER);
    const values: Record<string, unknown> = {};
    const freshness: Freshness[] = [];
    for (const [name, report] of Object.entries(graph.sources)) {
      values[name] = report.value;
      if (report.outcome.state === 'fulfilled') freshness.push(report.outcome.freshness);
    }
    const errors = errorsOf(this.#specs, graph.sources, this.#errorPaths ?? NO_PATHS, this.#options.exposeErrors === true);
    let data: R;
    let status: number;
    let extra: HeaderMap;
    try {
      if (this.#merge === undefined) data = values as R;
      else {
        const merged = this.#merge(guardSources(values, this.#names) as Data, ctx);
        data = merged instanceof Promise ? await merged : merged;
      }
      const { status: statusOption, headers } = this.#respond;
      status = typeof statusOption === 'function' ? checkStatus(statusOption(data, ctx)) : (statusOption ?? 200);
      extra = typeof headers === 'function' ? headers(data, ctx) : (headers ?? {});
      if (this.#errorPaths !== undefined) data = withErrors(data, errors);
    } catch (error) {
      reportMerge(error);
      return { ok: false, status: 500, problem: mergeProblem(error, request.path, this.#options.exposeErrors), sources: graph.sources, error };
    }
    const derived = deriveCacheControl(freshness, graph.partial);
    const cacheControl = graph.partial ? 'no-store' : (this.#respond.cacheControl ?? derived);
    const out: Record<string, string | string[]> = { 'cache-control': cacheControl };
    const completed = this.#respond.completedHeader ?? DEFAULT_COMPLETED_HEADER;
    if (completed !== false) out[completed] = graph.partial ? 'false' : 'true';
    // A partial result stays uncacheable whatever the author's headers say: that is the toolkit's promise.
    assign(out, graph.partial ? Object.fromEntries(Object.entries(extra).filter(([name]) => name.toLowerCase() !== 'cache-control')) : extra);
    const finalCacheControl = Object.entries(out).find(([name]) => name.toLowerCase() === 'cache-control')?.[1];
    return {
      ok: true,
      data,
      status,
      headers: out,
      partial: graph.partial,
      cacheControl: typeof finalCacheControl === 'string' ? finalCacheControl : cacheControl,
      sources: graph.sources,
      subrequests: graph.subrequests,
      errors,
    };
  }
}

const NO_PATHS: ReadonlyMap<string, JsonPointer> = new Map();

/** The answer with its `errors` member; an answer that cannot carry one is the author's mistake (the types refuse it too). */
function withErrors<R>(data: R, errors: CompositionErrorEntry[]): R {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || Object.hasOwn(data, 'errors')) {
    const what = data === null || typeof data !== 'object' ? describe(data) : Array.isArray(data) ? 'an array' : "an object with an 'errors' member of its own";
    throw new DefinitionError(`respond({ errors }): the answer is ${what}; make merge return an object without an 'errors' member, or leave the option off`);
  }
  return errors.length === 0 ? data : { ...data, errors };
}
