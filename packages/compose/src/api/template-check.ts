/**
 * Compile-time checks of a source's URL template, written as messages: a template literal with a
 * mistake has the type of a sentence naming it, so the compiler's "not assignable to type '…'"
 * says what is wrong and what to do. Nothing here exists at run time; `defineSource` and the
 * builder check the same things when a template is built from a value the compiler cannot see.
 */

/** The namespaces a placeholder may read from the request (besides `params`, checked against the route). */
type RequestNamespace = 'query' | 'header' | 'cookie' | 'location' | 'device' | 'var';

type Placeholders<S extends string> = S extends `${string}{${infer Inner}}${infer Rest}` ? Inner | Placeholders<Rest> : never;

/** `{cart.id|none}` reads `cart.id`; the default after `|` is text. */
type Expression<I extends string> = I extends `${infer E}|${string}` ? E : I;

/** The value at `Key` of `T`, or a reason it has none. Objects by field name, arrays by index. */
type Step<T, Key extends string, Walked extends string> =
  NonNullable<T> extends readonly (infer Item)[]
    ? Key extends `${number}` ? { value: Item } : { problem: `'${Walked}' is an array; read an element by its index, as in {${Walked}.0}` }
    : Key extends keyof NonNullable<T> ? { value: NonNullable<T>[Key] } : { problem: `'${Walked}' has no field '${Key}' in its schema` };

/** Why `Path` does not lead through `T` to a value a template can print, or never when it does. */
type PathProblem<T, Path extends string, Walked extends string> = unknown extends T
  ? never // no schema (or an unknown part of it): nothing to check against
  : Path extends `${infer Key}.${infer Rest}`
    ? Step<T, Key, Walked> extends { value: infer V } ? PathProblem<V, Rest, `${Walked}.${Key}`> : Step<T, Key, Walked> extends { problem: infer M } ? M : never
    : Step<T, Path, Walked> extends { value: infer V } ? LeafProblem<V, `${Walked}.${Path}`> : Step<T, Path, Walked> extends { problem: infer M } ? M : never;

type LeafProblem<V, Walked extends string> = unknown extends V
  ? never
  : [NonNullable<V>] extends [never]
    ? never
    : [NonNullable<V>] extends [object]
      ? `'${Walked}' is an object or an array; a template prints a string, number or boolean, so name one of its fields`
      : never;

/**
 * What is wrong with one placeholder, as a sentence, or never when it is right. `P`: the route's
 * parameter names; `Deps`: the data of the sources named in `dependsOn`; `B`: the validated request
 * body (`api({ body })`), undefined when there is none.
 */
type PlaceholderProblem<I extends string, P extends string, Deps, B> = I extends unknown
  ? Expression<I> extends `params.${infer Name}`
    ? Name extends P ? never : [P] extends [never] ? `{${I}}: the composition has no route, so no parameter '${Name}'; give api({ route }) a ':${Name}' segment` : `{${I}}: the route has no parameter '${Name}'`
    : Expression<I> extends `body.${infer Path}`
      ? [B] extends [undefined]
        ? `{${I}}: the composition validates no request body; give api({ body: schema }) to read {body.…}`
        : PathProblem<B, Path, 'body'> extends infer M extends string ? ([M] extends [never] ? never : `{${I}}: ${M}`) : never
    : Expression<I> extends `${infer Namespace}.${infer Path}`
      ? Namespace extends RequestNamespace
        ? never
        : Namespace extends keyof Deps
          ? PathProblem<Deps[Namespace], Path, Namespace> extends infer M extends string ? ([M] extends [never] ? never : `{${I}}: ${M}`) : never
          : `{${I}}: '${Namespace}' is neither a request namespace (params, query, header, cookie, location, device, var) nor a source in dependsOn`
      : `{${I}}: a placeholder is {namespace.name}`
  : never;

/**
 * A URL template checked at compile time: `U` itself when every placeholder is right, otherwise
 * the sentences naming the wrong ones. A template that is not a literal (`string`) is checked when
 * the source is declared.
 */
export type CheckedTemplate<U extends string, P extends string, Deps, B = unknown> = string extends U
  ? U
  : [PlaceholderProblem<Placeholders<U>, P, Deps, B>] extends [never]
    ? U
    : PlaceholderProblem<Placeholders<U>, P, Deps, B>;
