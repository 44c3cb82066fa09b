/**
 * Templated strings for source URLs and headers: `/api/users/{params.id}?lang={query.lang|en}`.
 * A placeholder reads the request context (`params`, `query`, `header`, `cookie`, `location`,
 * `device`, `var`, and `body`: the validated request body of `api({ body })`) or a dependency's data (`{cart.id}`, `{cart.items.0.sku}`); `|text` gives a
 * default. Templates are parsed once, when the source is declared, so a typo fails at load time.
 */
import type { RequestContext } from './context.ts';
import { DefinitionError, TemplateError, describe } from './errors.ts';

export const CONTEXT_NAMESPACES = ['params', 'query', 'header', 'cookie', 'location', 'device', 'var', 'body'] as const;
export type ContextNamespace = (typeof CONTEXT_NAMESPACES)[number];

interface Placeholder {
  text: string;
  namespace: string;
  path: string[];
  fallback: string | undefined;
}

export interface Template {
  readonly source: string;
  /** Dependency names the template reads (so the graph can check them). */
  readonly dependencies: readonly string[];
  /** Route parameter names the template reads (so a composition with a route can check them). */
  readonly params: readonly string[];
  /** Renders the template; `encode` escapes each value (URLs) or not (headers). */
  render(ctx: RequestContext<string>, data: Readonly<Record<string, unknown>>, encode: boolean): string;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const NAME = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function compileTemplate(source: string, where: string): Template {
  if (typeof source !== 'string') throw new DefinitionError(`${where}: expected a string template, got ${describe(source)}`);
  const literals: string[] = [];
  const placeholders: Placeholder[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    literals.push(source.slice(last, match.index));
    placeholders.push(parsePlaceholder(match[0], match[1], where));
    last = match.index + match[0].length;
  }
  literals.push(source.slice(last));
  if (/[{}]/.test(literals.join(''))) {
    throw new DefinitionError(`${where}: unbalanced "{" or "}" in template ${describe(source)}`);
  }
  const dependencies = [...new Set(placeholders.filter((p) => !isContextNamespace(p.namespace)).map((p) => p.namespace))];
  const params = placeholders.filter((p) => p.namespace === 'params').map((p) => p.path[0] ?? '');
  return {
    source,
    dependencies,
    params,
    render(ctx, data, encode) {
      let out = literals[0];
      for (let i = 0; i < placeholders.length; i++) {
        const value = resolve(placeholders[i], ctx, data, where);
        out += (encode ? encodeURIComponent(value) : value) + literals[i + 1];
      }
      return out;
    },
  };
}

function parsePlaceholder(text: string, inner: string, where: string): Placeholder {
  const bar = inner.indexOf('|');
  const expression = (bar < 0 ? inner : inner.slice(0, bar)).trim();
  const fallback = bar < 0 ? undefined : inner.slice(bar + 1);
  const path = expression.split('.');
  const namespace = path.shift() ?? '';
  if (!NAME.test(namespace) || path.length === 0 || path.some((key) => key === '')) {
    throw new DefinitionError(
      `${where}: placeholder ${text} must be {namespace.name}, where namespace is one of ${CONTEXT_NAMESPACES.join(', ')} or a dependency's name`,
    );
  }
  if (isContextNamespace(namespace) && namespace !== 'location' && namespace !== 'device' && namespace !== 'body' && path.length !== 1) {
    throw new DefinitionError(`${where}: placeholder ${text} reads ${namespace}, which takes exactly one name after the dot`);
  }
  return { text, namespace, path, fallback };
}

function isContextNamespace(name: string): name is ContextNamespace {
  return (CONTEXT_NAMESPACES as readonly string[]).includes(name);
}

function resolve(p: Placeholder, ctx: RequestContext<string>, data: Readonly<Record<string, unknown>>, where: string): string {
  const value = read(p, ctx, data);
  if (value !== undefined && value !== null) {
    if (typeof value === 'object') throw new TemplateError(`${where}: placeholder ${p.text} is ${describe(value)}; a template needs a string, number or boolean`);
    return String(value);
  }
  if (p.fallback !== undefined) return p.fallback;
  throw new TemplateError(`${where}: placeholder ${p.text} has no value in this request; add a default with ${p.text.slice(0, -1)}|default}`);
}

function read(p: Placeholder, ctx: RequestContext<string>, data: Readonly<Record<string, unknown>>): unknown {
  const [first, ...rest] = p.path;
  switch (p.namespace) {
    case 'params': return walk(ctx.params, [first]);
    case 'query': return walk(ctx.query, [first]);
    case 'header': return ctx.header(first);
    case 'cookie': return ctx.cookie(first);
    case 'var': return ctx.variable(first);
    case 'location': return walk(ctx.location, p.path);
    case 'device': return walk(ctx.device, p.path);
    case 'body': return walk(ctx.body, p.path);
    default: return walk(data, [p.namespace, first, ...rest]);
  }
}

/** Follows `path` through own properties only: `{cart.constructor}` names no field of the data, not Object's. */
function walk(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
