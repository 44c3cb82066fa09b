/**
 * The type machinery of the API builder: how a source's declaration (schema, `when`, failure
 * policy, dependencies) becomes the type its data has downstream. Nothing here exists at run time.
 */
import type { RequestContext } from '../core/context.ts';
import type { FailurePolicy, FallbackOf, RetryPolicy } from '../core/failure.ts';
import type { AnySchema, OutputOf } from '../core/schema.ts';
import type { Method } from '../core/source.ts';

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

type ContextNamespace = 'query' | 'header' | 'cookie' | 'location' | 'device' | 'var';
type Placeholders<S extends string> = S extends `${string}{${infer Inner}}${infer Rest}` ? Inner | Placeholders<Rest> : never;
type Expression<I extends string> = I extends `${infer E}|${string}` ? E : I;
type BadPlaceholder<I extends string, P extends string, K extends string> = I extends unknown
  ? Expression<I> extends `params.${infer Name}`
    ? Name extends P ? never : I
    : Expression<I> extends `${infer Namespace}.${string}`
      ? Namespace extends ContextNamespace | K ? never : I
      : I
  : never;

/**
 * A URL template checked at compile time: every `{params.x}` must be a parameter of the route and
 * every other `{ns.x}` a request namespace or a dependency. (Templates built at run time are
 * checked when the source is declared.)
 */
export type CheckedTemplate<U extends string, P extends string, K extends string> = string extends U
  ? U
  : [BadPlaceholder<Placeholders<U>, P, K>] extends [never]
    ? U
    : U & { readonly 'template placeholder is not a route parameter, request namespace or dependency': `{${BadPlaceholder<Placeholders<U>, P, K>}}` };

/** A source declaration as the typed builder accepts it. */
export interface SourceOptions<
  Ctx,
  D,
  P extends string,
  U extends string,
  K extends string,
  S extends AnySchema | undefined,
  F extends FailurePolicy,
  M extends Method,
  R extends ReadAs,
> {
  /** Sources whose data this one needs; only sources declared earlier can be named, so no cycle can be written. */
  dependsOn?: readonly K[];
  method?: M;
  /** A template (`/users/{params.id}`, `{cart.id}`) or a function of the context and the dependencies' data. */
  url: CheckedTemplate<U, P, K> | ((ctx: Ctx, deps: D) => string);
  headers?: Readonly<Record<string, string | ((ctx: Ctx, deps: D) => string | undefined)>>;
  /** Request headers copied to the sub-request when present. */
  forwardHeaders?: readonly string[];
  /** A string, or a function returning a string or a JSON value (sent as application/json). */
  body?: M extends 'GET' | 'HEAD' ? never : string | ((ctx: Ctx, deps: D) => unknown);
  /** Any Standard Schema v1 validator; its output type is the source's data type. */
  schema?: S;
  /** ms; shortened by the composition's deadline as time passes. */
  timeout?: number;
  /** The source runs only when this holds; otherwise its data is absent (`undefined`). */
  when?: WhenFn<Ctx, D>;
  failure?: F;
  /** Extra attempts on network errors, timeouts, 408/429/5xx; reads only. */
  retry?: M extends 'GET' | 'HEAD' ? number | RetryPolicy : never;
  read?: R;
}

/** The parameter type of a fresh source name: a name already declared is a compile error. */
export type FreshName<N extends string, Srcs> = N extends keyof Srcs ? { readonly 'duplicate source name': N } : N;

export type { RequestContext };
