/**
 * The type machinery of the API builder: how a source's declaration (schema, `when`, failure
 * policy, dependencies) becomes the type its data has downstream. Nothing here exists at run time.
 */
import type { RequestContext } from '../core/context.ts';
import type { FailurePolicy, FallbackOf, IdempotentMethod, RetryPolicy } from '../core/failure.ts';
import type { AnySchema, OutputOf } from '../core/schema.ts';
import type { Method } from '../core/source.ts';
import type { CheckedTemplate } from './template-check.ts';

/**
 * The context an API composition's sources, merge and response options receive: the request
 * context plus `body`, the client's request body as the `api({ body })` schema parsed it
 * (undefined when the composition validates none).
 */
export type ApiContext<P extends string, B> = RequestContext<P> & { readonly body: B };

/** The request body type a context carries, for the template check (`{body.sku}`). */
export type BodyOfContext<Ctx> = Ctx extends { readonly body: infer B } ? B : unknown;

/** Flattens an intersection into one object type (readable hovers, exact `expectTypeOf`). */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The data a dependent receives: it only runs when every dependency has a value. */
export type DepsOf<Srcs, K extends keyof Srcs> = Simplify<{ readonly [D in K]: Exclude<Srcs[D], undefined> }>;

/** True when some dependency may be absent, which makes the dependent possibly absent too. */
export type SomeAbsent<Srcs, K extends keyof Srcs> = [K] extends [never] ? false : undefined extends Srcs[K] ? true : false;

export type ReadAs = 'json' | 'text';

/** What `merge`, `when` and dependents see for a source. */
export type ViewOf<S, R extends ReadAs, Conditional extends boolean, F, Absent extends boolean> =
  | (R extends 'text' ? string : OutputOf<S>)
  | FallbackOf<F>
  | (Conditional extends true ? undefined : never)
  | (Absent extends true ? undefined : never);

export type WhenFn<Ctx, D> = (ctx: Ctx, deps: D) => boolean;

/**
 * What `retry` accepts for a method: attempts for an idempotent one, otherwise a sentence saying
 * why not (the compiler shows it as the type `retry: 1` is not assignable to).
 */
export type RetryFor<M extends Method> = [M] extends [IdempotentMethod]
  ? number | RetryPolicy
  : `retry needs an idempotent method (GET, HEAD, PUT, DELETE): a retried ${M} could apply twice; drop retry, or make the call idempotent`;

/**
 * A name as `dependsOn` accepts it: a source declared before `N`, otherwise a sentence naming the
 * mistake (the compiler shows it as the type the name is not assignable to).
 */
export type DependencyName<D extends string, Srcs, N extends string> = D extends keyof Srcs
  ? D
  : D extends N
    ? `source '${N}' cannot depend on itself`
    : `source '${D}' is not declared before '${N}': declare '${D}' first (a source depends only on earlier ones), or fix the name`;

/** A source declaration as the typed builder accepts it. */
export interface SourceOptions<
  Ctx,
  D,
  P extends string,
  U extends string,
  Srcs,
  N extends string,
  K extends string,
  S extends AnySchema | undefined,
  F extends FailurePolicy,
  M extends Method,
  R extends ReadAs,
> {
  /** Sources whose data this one needs; only sources declared earlier can be named, so no cycle can be written. */
  dependsOn?: readonly DependencyName<K, Srcs, N>[];
  method?: M;
  /** A template (`/users/{params.id}`, `{cart.id}`) or a function of the context and the dependencies' data. */
  url: CheckedTemplate<U, P, D, BodyOfContext<Ctx>> | ((ctx: Ctx, deps: D) => string);
  headers?: Readonly<Record<string, string | ((ctx: Ctx, deps: D) => string | undefined)>>;
  /** Request headers copied to the sub-request when present. */
  forwardHeaders?: readonly string[];
  /** A string, or a function returning a string or a JSON value (sent as application/json). */
  body?: [M] extends ['GET' | 'HEAD'] ? `a ${M} sub-request carries no body; give the source method: 'POST' or 'PUT'` : string | ((ctx: Ctx, deps: D) => unknown);
  /** Any Standard Schema v1 validator; its output type is the source's data type. */
  schema?: S;
  /** ms; shortened by the composition's deadline as time passes. */
  timeout?: number;
  /** The source runs only when this holds; otherwise its data is absent (`undefined`). */
  when?: WhenFn<Ctx, D>;
  failure?: F;
  /** Extra attempts on network errors, timeouts, 408/429/5xx; idempotent methods only. */
  retry?: RetryFor<M>;
  read?: R;
}

/** The parameter type of a fresh source name: a name already declared is a compile error. */
export type FreshName<N extends string, Srcs> = N extends keyof Srcs ? { readonly 'duplicate source name': N } : N;

export type { RequestContext };
