/**
 * A source: one sub-request whose answer becomes typed data. `defineSource` checks a declaration
 * once (at module load, i.e. in the worker's init phase) and turns it into a `SourceSpec` that
 * `runSource` executes per request.
 */
import type { RequestContext } from './context.ts';
import { DefinitionError, describe } from './errors.ts';
import { normalizeFailure, normalizeRetry, type NormalizedFailure } from './failure.ts';
import { isStandardSchema, type AnySchema } from './schema.ts';
import { compileTemplate, type Template } from './template.ts';

/** decisions 9: the sub-request methods Weft accepts. */
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

/** spec §10: headers the platform advises never to forward on a sub-request. */
export const UNFORWARDABLE = ['pragma', 'accept-encoding', 'connection', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length'] as const;

/** How the answer is read: parsed JSON (default), text, or the raw response (the caller reads the body). */
export type ReadMode = 'json' | 'text' | 'response';

type Ctx = RequestContext<string>;
type Deps = Readonly<Record<string, unknown>>;
type Dyn<T> = (ctx: Ctx, deps: Deps) => T;

/** The untyped shape of a declaration (the typed builders narrow it). */
export interface SourceInput {
  dependsOn?: readonly string[];
  method?: string;
  url: string | Dyn<string>;
  headers?: Readonly<Record<string, string | Dyn<string | undefined>>>;
  forwardHeaders?: readonly string[];
  body?: string | Dyn<unknown>;
  schema?: unknown;
  timeout?: number;
  when?: (ctx: Ctx, deps: Deps) => boolean;
  failure?: unknown;
  retry?: unknown;
  read?: ReadMode;
}

export interface SourceSpec {
  readonly name: string;
  readonly method: Method;
  readonly url: Template | Dyn<string>;
  readonly headers: ReadonlyArray<readonly [string, Template | Dyn<string | undefined>]>;
  readonly forwardHeaders: readonly string[];
  readonly body: string | Dyn<unknown> | undefined;
  readonly schema: AnySchema | undefined;
  readonly timeout: number | undefined;
  readonly when: ((ctx: Ctx, deps: Deps) => boolean) | undefined;
  readonly dependsOn: readonly string[];
  readonly failure: NormalizedFailure;
  readonly retries: number;
  readonly read: ReadMode;
}

const SOURCE_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// Names the data object would confuse with what JavaScript itself reads on objects (await, JSON, prototypes).
const RESERVED_NAMES = new Set(['then', 'toJSON', 'constructor', '__proto__', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const KNOWN_KEYS = new Set(['dependsOn', 'method', 'url', 'headers', 'forwardHeaders', 'body', 'schema', 'timeout', 'when', 'failure', 'retry', 'read']);

export function defineSource(name: string, input: SourceInput): SourceSpec {
  if (typeof name !== 'string' || !SOURCE_NAME.test(name)) {
    throw new DefinitionError(`source name: expected an identifier (letters, digits, "_", "$"; not starting with a digit), got ${describe(name)}`);
  }
  if (RESERVED_NAMES.has(name)) {
    throw new DefinitionError(`source name ${describe(name)} is reserved (${[...RESERVED_NAMES].join(', ')}): the merged data object would be misread by await, JSON or prototypes; pick another name`);
  }
  const where = `source "${name}"`;
  if (input === null || typeof input !== 'object') throw new DefinitionError(`${where}: expected an options object, got ${describe(input)}`);
  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.has(key)) throw new DefinitionError(`${where}: unknown option ${describe(key)} (known: ${[...KNOWN_KEYS].join(', ')})`);
  }
  const method = (input.method ?? 'GET').toUpperCase();
  if (!(METHODS as readonly string[]).includes(method)) {
    throw new DefinitionError(`${where}.method: ${describe(input.method)} is not a sub-request method; use one of ${METHODS.join(', ')} (decisions 9)`);
  }
  const dependsOn = [...(input.dependsOn ?? [])];
  if (!Array.isArray(input.dependsOn ?? []) || dependsOn.some((d) => typeof d !== 'string')) {
    throw new DefinitionError(`${where}.dependsOn: expected an array of source names, got ${describe(input.dependsOn)}`);
  }
  if (input.schema !== undefined && !isStandardSchema(input.schema)) {
    throw new DefinitionError(`${where}.schema: expected a Standard Schema v1 validator (zod, zod/mini, valibot, ...), got ${describe(input.schema)}`);
  }
  if (input.timeout !== undefined && !(Number.isFinite(input.timeout) && input.timeout > 0)) {
    throw new DefinitionError(`${where}.timeout: expected a positive number of milliseconds, got ${describe(input.timeout)}`);
  }
  if (input.when !== undefined && typeof input.when !== 'function') throw new DefinitionError(`${where}.when: expected a function (ctx, deps) => boolean, got ${describe(input.when)}`);
  const read = input.read ?? 'json';
  if (read !== 'json' && read !== 'text' && read !== 'response') throw new DefinitionError(`${where}.read: expected 'json', 'text' or 'response', got ${describe(read)}`);

  const url = typeof input.url === 'function' ? input.url : compileTemplate(input.url, `${where}.url`);
  const headers = Object.entries(input.headers ?? {}).map(([header, value]) => {
    if (!HEADER_NAME.test(header)) throw new DefinitionError(`${where}.headers: ${describe(header)} is not a valid header name (RFC 7230 token)`);
    if (typeof value !== 'function' && typeof value !== 'string') throw new DefinitionError(`${where}.headers.${header}: expected a string template or a function, got ${describe(value)}`);
    return [header, typeof value === 'function' ? value : compileTemplate(value, `${where}.headers.${header}`)] as const;
  });
  const forwardHeaders = (input.forwardHeaders ?? []).map((header) => {
    const lower = String(header).toLowerCase();
    if (!HEADER_NAME.test(lower)) throw new DefinitionError(`${where}.forwardHeaders: ${describe(header)} is not a valid header name`);
    if ((UNFORWARDABLE as readonly string[]).includes(lower)) {
      throw new DefinitionError(`${where}.forwardHeaders: ${describe(header)} must not be forwarded on a sub-request (spec §10 lists ${UNFORWARDABLE.join(', ')})`);
    }
    return lower;
  });
  // Template placeholders that name a dependency must name a declared one.
  for (const template of [url, ...headers.map(([, v]) => v)]) {
    if (typeof template === 'function') continue;
    for (const dep of template.dependencies) {
      if (!dependsOn.includes(dep)) {
        throw new DefinitionError(`${where}: template ${describe(template.source)} reads {${dep}...}, which is neither a request namespace nor in dependsOn [${dependsOn.join(', ')}]`);
      }
    }
  }
  if (input.body !== undefined && typeof input.body !== 'string' && typeof input.body !== 'function') {
    throw new DefinitionError(`${where}.body: expected a string or a function, got ${describe(input.body)}`);
  }
  if (input.body !== undefined && (method === 'GET' || method === 'HEAD')) throw new DefinitionError(`${where}.body: a ${method} sub-request carries no body`);

  return {
    name,
    method: method as Method,
    url,
    headers,
    forwardHeaders,
    body: input.body,
    schema: input.schema as AnySchema | undefined,
    timeout: input.timeout,
    when: input.when,
    dependsOn,
    failure: normalizeFailure(input.failure, where),
    retries: normalizeRetry(input.retry, method, where),
    read,
  };
}
