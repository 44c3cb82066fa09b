/**
 * Route patterns such as `/users/:id/orders/:order` give a composition typed path parameters.
 * A `*` at the end matches any rest of the path (not captured).
 */
import { DefinitionError, describe } from './errors.ts';

/** The parameter names of a route pattern: `ParamsOf<'/u/:id/:tab'>` is `'id' | 'tab'`. */
export type ParamsOf<Pattern extends string> = string extends Pattern
  ? string
  : Pattern extends `${string}:${infer Rest}`
  ? Rest extends `${infer Name}/${infer Tail}`
    ? Name | ParamsOf<`/${Tail}`>
    : Rest
  : never;

export interface RouteMatcher<P extends string> {
  readonly pattern: string;
  /** The parameter names, in order. */
  readonly params: readonly string[];
  /** Decoded parameters when `path` matches, else undefined. */
  match(path: string): Readonly<Record<P, string>> | undefined;
}

const PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)$/;

export function compileRoute<Pattern extends string>(pattern: Pattern): RouteMatcher<ParamsOf<Pattern>> {
  if (typeof pattern !== 'string' || !pattern.startsWith('/')) {
    throw new DefinitionError(`route: expected a path pattern starting with "/", got ${describe(pattern)}`);
  }
  const segments = pattern.split('/').slice(1);
  const names: string[] = [];
  segments.forEach((segment, index) => {
    if (segment === '*' && index !== segments.length - 1) {
      throw new DefinitionError(`route ${describe(pattern)}: "*" may only end the pattern`);
    }
    if (segment.startsWith(':')) {
      const name = PARAM.exec(segment)?.[1];
      if (name === undefined) throw new DefinitionError(`route ${describe(pattern)}: parameter ${describe(segment)} must be ":" followed by letters, digits or "_"`);
      if (names.includes(name)) throw new DefinitionError(`route ${describe(pattern)}: parameter ":${name}" appears twice`);
      names.push(name);
    }
  });
  const wildcard = segments[segments.length - 1] === '*';
  const fixed = wildcard ? segments.slice(0, -1) : segments;
  return {
    pattern,
    params: names,
    match(path: string) {
      const parts = path.split('/').slice(1);
      if (wildcard ? parts.length < fixed.length : parts.length !== fixed.length) return undefined;
      const params: Record<string, string> = {};
      for (let i = 0; i < fixed.length; i++) {
        const want = fixed[i];
        const got = parts[i];
        if (want.startsWith(':')) {
          if (got === '') return undefined;
          params[want.slice(1)] = safeDecode(got);
        } else if (want !== got) {
          return undefined;
        }
      }
      return params as Record<ParamsOf<Pattern>, string>;
    },
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch (error) {
    // A stray % in user input is kept as written, as browsers do; only URIError means that.
    if (error instanceof URIError) return value;
    throw error;
  }
}
