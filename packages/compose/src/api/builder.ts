/**
 * The typed builder: `api(options).source(name, {...}).source(...).merge(fn).respond(options)`.
 * Each `.source` adds one name to the type of the data; a source may only depend on names declared
 * before it, so a dependency cycle or an unknown dependency cannot be written (compile error), and
 * `orderGraph` rejects them at run time for code that escapes the types.
 */
import type { FailurePolicy } from '../core/failure.ts';
import { createBudget } from '../core/deadline.ts';
import { DefinitionError, describe } from '../core/errors.ts';
import { DEFAULT_CONCURRENCY, orderGraph } from '../core/graph.ts';
import { createLimiter } from '../core/limiter.ts';
import { compileRoute, type ParamsOf, type RouteMatcher } from '../core/route.ts';
import type { AnySchema, OutputOf } from '../core/schema.ts';
import { defineSource, type Method, type SourceInput, type SourceSpec } from '../core/source.ts';
import { ApiComposition, type CompositionOptions, type RespondOptions } from './composition.ts';
import type { ErrorsAllowed, ErrorsOption, WithErrors } from './errors-list.ts';
import { bodyCheck } from './request-body.ts';
import type { ApiContext, DepsOf, FreshName, ReadAs, Simplify, SomeAbsent, SourceOptions, ViewOf, WhenFn } from './types.ts';

/** The names in `dependsOn` that are declared (the others are compile errors, see `DependencyName`). */
type Declared<K extends string, Srcs> = Extract<K, keyof Srcs>;

export interface ApiOptions<Route extends string, B extends AnySchema | undefined = undefined> extends CompositionOptions {
  /** A path pattern such as `/users/:id`; gives typed `ctx.params` and answers 404 elsewhere. */
  route?: Route;
  /**
   * A Standard Schema for the client's JSON request body, checked before any source is called:
   * a problem document answers a body that is missing, too large, not JSON or invalid
   * (request-body.ts); otherwise `ctx.body` (and `{body.x}` in templates) is its parsed value.
   */
  body?: B;
  /** The largest request body read, in bytes: default and ceiling 1 MiB, the platform's stream limit (spec §21.2). */
  maxBodyBytes?: number;
}

/** The type of `ctx.body`: the schema's output, or undefined without a schema. */
export type BodyOf<B> = B extends AnySchema ? OutputOf<B> : undefined;

/** `respond()`'s options, with the `errors` list (errors-list.ts) allowed where the answer is an object. */
export type RespondWith<R, Ctx, E> = RespondOptions<R, Ctx> & { errors?: E & ErrorsAllowed<R> };

/** The answer's type: with an optional `errors` member when the option is on. */
export type AnswerOf<R, E> = [E] extends [false | undefined] ? R : WithErrors<R>;

export class ApiBuilder<P extends string, Srcs extends Record<string, unknown>, B = undefined> {
  readonly #specs: readonly SourceSpec[];
  readonly #route: RouteMatcher<P> | undefined;
  readonly #options: CompositionOptions;

  constructor(specs: readonly SourceSpec[], route: RouteMatcher<P> | undefined, options: CompositionOptions) {
    this.#specs = specs;
    this.#route = route;
    this.#options = options;
  }

  /** Declares a source; its data type comes from `schema` (or `read: 'text'`), `when` and `failure`. */
  source<
    const N extends string,
    const U extends string = string,
    const K extends string = never,
    S extends AnySchema | undefined = undefined,
    F extends FailurePolicy = 'required',
    M extends Method = 'GET',
    R extends ReadAs = 'json',
  >(
    name: FreshName<N, Srcs>,
    options: SourceOptions<ApiContext<P, B>, DepsOf<Srcs, Declared<K, Srcs>>, P, U, Srcs, N, K, S, F, M, R> & { when: WhenFn<ApiContext<P, B>, DepsOf<Srcs, Declared<K, Srcs>>> },
  ): ApiBuilder<P, Simplify<Srcs & { [Name in N]: ViewOf<S, R, true, F, SomeAbsent<Srcs, Declared<K, Srcs>>> }>, B>;
  source<
    const N extends string,
    const U extends string = string,
    const K extends string = never,
    S extends AnySchema | undefined = undefined,
    F extends FailurePolicy = 'required',
    M extends Method = 'GET',
    R extends ReadAs = 'json',
  >(
    name: FreshName<N, Srcs>,
    options: SourceOptions<ApiContext<P, B>, DepsOf<Srcs, Declared<K, Srcs>>, P, U, Srcs, N, K, S, F, M, R>,
  ): ApiBuilder<P, Simplify<Srcs & { [Name in N]: ViewOf<S, R, false, F, SomeAbsent<Srcs, Declared<K, Srcs>>> }>, B>;
  source(name: unknown, options: object): unknown {
    const spec = defineSource(name as string, options as SourceInput);
    // The types refuse these already; this is for code that escapes them, with the same words.
    const earlier = this.#specs.map((s) => s.name);
    for (const dep of spec.dependsOn) {
      if (dep !== spec.name && !earlier.includes(dep)) {
        throw new DefinitionError(`source "${spec.name}" depends on "${dep}", which is not declared before it (declared before: ${earlier.join(', ') || 'none'}); declare "${dep}" first, or fix the name`);
      }
    }
    if (typeof spec.url !== 'function') {
      const declared = this.#route?.params ?? [];
      for (const param of spec.url.params) {
        if (!declared.includes(param)) {
          const where = this.#route === undefined ? 'the composition has no route' : `route ${describe(this.#route.pattern)} has ${declared.length === 0 ? 'no parameters' : `parameters ${declared.join(', ')}`}`;
          throw new DefinitionError(`source "${spec.name}".url reads {params.${param}}, but ${where}`);
        }
      }
    }
    return new ApiBuilder(orderGraph([...this.#specs, spec]), this.#route, this.#options);
  }

  /** The typed merge: receives every source's data (absent ones as undefined) and the context. */
  merge<Out>(fn: (data: Readonly<Srcs>, ctx: ApiContext<P, B>) => Out | Promise<Out>): MergedBuilder<P, Srcs, Out, B> {
    return new MergedBuilder(this.#specs, this.#route, this.#options, fn);
  }

  /**
   * Answers with all sources' data as is (no merge function). `errors: true` adds the list of
   * sources without data of their own, each with its JSON Pointer `/<name>` (errors-list.ts).
   */
  respond<const E extends ErrorsOption<keyof Srcs & string> | undefined = undefined>(
    options: RespondWith<Readonly<Srcs>, ApiContext<P, B>, E> = {},
  ): ApiComposition<P, Readonly<Srcs>, AnswerOf<Readonly<Srcs>, E>, B> {
    return new ApiComposition<P, Readonly<Srcs>, AnswerOf<Readonly<Srcs>, E>, B>(this.#specs, this.#route, this.#options, undefined, options as RespondOptions<AnswerOf<Readonly<Srcs>, E>, ApiContext<P, B>>);
  }
}

export class MergedBuilder<P extends string, Srcs, Out, B = undefined> {
  readonly #specs: readonly SourceSpec[];
  readonly #route: RouteMatcher<P> | undefined;
  readonly #options: CompositionOptions;
  readonly #merge: (data: Readonly<Srcs>, ctx: ApiContext<P, B>) => Out | Promise<Out>;

  constructor(specs: readonly SourceSpec[], route: RouteMatcher<P> | undefined, options: CompositionOptions, merge: (data: Readonly<Srcs>, ctx: ApiContext<P, B>) => Out | Promise<Out>) {
    this.#specs = specs;
    this.#route = route;
    this.#options = options;
    this.#merge = merge;
  }

  /**
   * Answers with the merge's result. `errors: { paths: { source: '/pointer' } }` (or `true`) adds
   * the list of sources without data of their own, each at the JSON Pointer declared for it
   * (errors-list.ts); the answer must then be an object without an `errors` member of its own.
   */
  respond<const E extends ErrorsOption<keyof Srcs & string> | undefined = undefined>(
    options: RespondWith<Out, ApiContext<P, B>, E> = {},
  ): ApiComposition<P, Readonly<Srcs>, AnswerOf<Out, E>, B> {
    return new ApiComposition(this.#specs, this.#route, this.#options, this.#merge as (data: Readonly<Srcs>, ctx: ApiContext<P, B>) => AnswerOf<Out, E> | Promise<AnswerOf<Out, E>>, options as RespondOptions<AnswerOf<Out, E>, ApiContext<P, B>>);
  }
}

/** Starts an API composition. */
export function api<const Route extends string = never, B extends AnySchema | undefined = undefined>(
  options: ApiOptions<Route, B> = {},
): ApiBuilder<[Route] extends [never] ? never : ParamsOf<Route>, {}, BodyOf<B>> {
  const { route, ...rest } = options;
  bodyCheck(rest.body, rest.maxBodyBytes);
  if (rest.failureStatus !== undefined && !(Number.isInteger(rest.failureStatus) && rest.failureStatus >= 400 && rest.failureStatus <= 599)) {
    throw new DefinitionError(`api(): failureStatus must be an HTTP error status 400–599, got ${describe(rest.failureStatus)}`);
  }
  // Checked here, once, so a bad value fails at load time rather than on the first request.
  createLimiter(rest.concurrency ?? DEFAULT_CONCURRENCY);
  createBudget(rest.deadline);
  const matcher = route === undefined ? undefined : compileRoute(route);
  return new ApiBuilder(orderGraph([]), matcher as RouteMatcher<[Route] extends [never] ? never : ParamsOf<Route>> | undefined, { ...rest, ...(route === undefined ? {} : { name: rest.name ?? route }) });
}
