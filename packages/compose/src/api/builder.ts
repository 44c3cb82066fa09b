/**
 * The typed builder: `api(options).source(name, {...}).source(...).merge(fn).respond(options)`.
 * Each `.source` adds one name to the type of the data; a source may only depend on names declared
 * before it, so a dependency cycle or an unknown dependency cannot be written (compile error), and
 * `orderGraph` rejects them at run time for code that escapes the types.
 */
import type { RequestContext } from '../core/context.ts';
import type { FailurePolicy } from '../core/failure.ts';
import { createBudget } from '../core/deadline.ts';
import { DefinitionError, describe } from '../core/errors.ts';
import { DEFAULT_CONCURRENCY, orderGraph } from '../core/graph.ts';
import { createLimiter } from '../core/limiter.ts';
import { compileRoute, type ParamsOf, type RouteMatcher } from '../core/route.ts';
import type { AnySchema } from '../core/schema.ts';
import { defineSource, type Method, type SourceInput, type SourceSpec } from '../core/source.ts';
import { ApiComposition, type CompositionOptions, type RespondOptions } from './composition.ts';
import type { DepsOf, FreshName, ReadAs, Simplify, SomeAbsent, SourceOptions, ViewOf, WhenFn } from './types.ts';

/** The names in `dependsOn` that are declared (the others are compile errors, see `DependencyName`). */
type Declared<K extends string, Srcs> = Extract<K, keyof Srcs>;

export interface ApiOptions<Route extends string> extends CompositionOptions {
  /** A path pattern such as `/users/:id`; gives typed `ctx.params` and answers 404 elsewhere. */
  route?: Route;
}

export class ApiBuilder<P extends string, Srcs extends Record<string, unknown>> {
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
    options: SourceOptions<RequestContext<P>, DepsOf<Srcs, Declared<K, Srcs>>, P, U, Srcs, N, K, S, F, M, R> & { when: WhenFn<RequestContext<P>, DepsOf<Srcs, Declared<K, Srcs>>> },
  ): ApiBuilder<P, Simplify<Srcs & { [Name in N]: ViewOf<S, R, true, F, SomeAbsent<Srcs, Declared<K, Srcs>>> }>>;
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
    options: SourceOptions<RequestContext<P>, DepsOf<Srcs, Declared<K, Srcs>>, P, U, Srcs, N, K, S, F, M, R>,
  ): ApiBuilder<P, Simplify<Srcs & { [Name in N]: ViewOf<S, R, false, F, SomeAbsent<Srcs, Declared<K, Srcs>>> }>>;
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
  merge<Out>(fn: (data: Readonly<Srcs>, ctx: RequestContext<P>) => Out | Promise<Out>): MergedBuilder<P, Srcs, Out> {
    return new MergedBuilder(this.#specs, this.#route, this.#options, fn);
  }

  /** Answers with all sources' data as is (no merge function). */
  respond(options: RespondOptions<Readonly<Srcs>, RequestContext<P>> = {}): ApiComposition<P, Readonly<Srcs>, Readonly<Srcs>> {
    return new ApiComposition<P, Readonly<Srcs>, Readonly<Srcs>>(this.#specs, this.#route, this.#options, undefined, options);
  }
}

export class MergedBuilder<P extends string, Srcs, Out> {
  readonly #specs: readonly SourceSpec[];
  readonly #route: RouteMatcher<P> | undefined;
  readonly #options: CompositionOptions;
  readonly #merge: (data: Readonly<Srcs>, ctx: RequestContext<P>) => Out | Promise<Out>;

  constructor(specs: readonly SourceSpec[], route: RouteMatcher<P> | undefined, options: CompositionOptions, merge: (data: Readonly<Srcs>, ctx: RequestContext<P>) => Out | Promise<Out>) {
    this.#specs = specs;
    this.#route = route;
    this.#options = options;
    this.#merge = merge;
  }

  respond(options: RespondOptions<Out, RequestContext<P>> = {}): ApiComposition<P, Readonly<Srcs>, Out> {
    return new ApiComposition(this.#specs, this.#route, this.#options, this.#merge, options);
  }
}

/** Starts an API composition. */
export function api<const Route extends string = never>(options: ApiOptions<Route> = {}): ApiBuilder<[Route] extends [never] ? never : ParamsOf<Route>, {}> {
  const { route, ...rest } = options;
  if (rest.failureStatus !== undefined && !(Number.isInteger(rest.failureStatus) && rest.failureStatus >= 400 && rest.failureStatus <= 599)) {
    throw new DefinitionError(`api(): failureStatus must be an HTTP error status 400–599, got ${describe(rest.failureStatus)}`);
  }
  // Checked here, once, so a bad value fails at load time rather than on the first request.
  createLimiter(rest.concurrency ?? DEFAULT_CONCURRENCY);
  createBudget(rest.deadline);
  const matcher = route === undefined ? undefined : compileRoute(route);
  return new ApiBuilder(orderGraph([]), matcher as RouteMatcher<[Route] extends [never] ? never : ParamsOf<Route>> | undefined, rest);
}
