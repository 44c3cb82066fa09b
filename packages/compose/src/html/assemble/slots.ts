/**
 * Slot declarations: what fills a `<weft-slot name>`. A slot is one candidate or a list of them;
 * the first candidate whose `when` holds fills the slot (none: the slot shows its default content,
 * i.e. its fallback, or its children in the template, as an HTML `<slot>` does). A candidate is
 * a fragment (`url`: its HTML body is streamed in), markup rendered from the request and the page's
 * JSON data (`render`), or fixed `content`. `dependsOn` names the data sources to wait for before
 * `when`, `url` and `render` run.
 */
import type { RequestContext } from '../../core/index.ts';
import { compileTemplate, type Template } from '../../core/index.ts';
import { isRawHtml, type RawHtml } from '../escape.ts';
import { HtmlOptionError } from '../errors.ts';

/** Content written into a page: a string is text (escaped), markup needs `raw()` or `html```. */
export type Markup = string | RawHtml;

type Ctx = RequestContext<string>;

export interface SlotCandidate<D> {
  /** The candidate applies when this holds (default: always). */
  when?: (ctx: Ctx, data: D) => boolean;
  /** A fragment whose HTML body is streamed in: a URL template (`/hero/{device.isMobile}`) or a function. */
  url?: string | ((ctx: Ctx, data: D) => string);
  /** Request headers for the fragment: fixed values, or request headers forwarded by name. */
  headers?: Readonly<Record<string, string>>;
  forwardHeaders?: readonly string[];
  /** Per-fragment timeout, ms (shrunk further by the page's deadline). */
  timeout?: number;
  /** Markup rendered from the request and the data. */
  render?: (ctx: Ctx, data: D) => Markup;
  /** Fixed markup. */
  content?: Markup;
  /** Written when the fragment (or `render`) fails; default: the slot's children in the template. */
  fallback?: Markup;
}

export type SlotDeclaration<D, K extends string = string> =
  | (SlotCandidate<D> & { dependsOn?: readonly K[] })
  | { candidates: readonly SlotCandidate<D>[]; dependsOn?: readonly K[]; fallback?: Markup };

export interface NormalizedCandidate<D> {
  when: ((ctx: Ctx, data: D) => boolean) | undefined;
  url: Template | ((ctx: Ctx, data: D) => string) | undefined;
  headers: Readonly<Record<string, string>>;
  forwardHeaders: readonly string[];
  timeout: number | undefined;
  render: ((ctx: Ctx, data: D) => Markup) | undefined;
  content: Markup | undefined;
  fallback: Markup | undefined;
}

export interface NormalizedSlot<D> {
  name: string;
  candidates: readonly NormalizedCandidate<D>[];
  dependsOn: readonly string[];
  fallback: Markup | undefined;
}

const CANDIDATE_KEYS = new Set(['when', 'url', 'headers', 'forwardHeaders', 'timeout', 'render', 'content', 'fallback', 'dependsOn']);

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

function checkMarkup(value: unknown, where: string): Markup | undefined {
  if (value === undefined || typeof value === 'string' || isRawHtml(value)) return value;
  throw new HtmlOptionError(`${where}: expected a string (inserted as escaped text) or raw()/html\`\` markup, got ${describe(value)}`);
}

function normalizeCandidate<D>(input: SlotCandidate<D>, where: string, dataNames: readonly string[]): NormalizedCandidate<D> {
  if (input === null || typeof input !== 'object') throw new HtmlOptionError(`${where}: expected an object, got ${describe(input)}`);
  for (const key of Object.keys(input)) {
    if (!CANDIDATE_KEYS.has(key)) throw new HtmlOptionError(`${where}: unknown option ${JSON.stringify(key)} (known: ${[...CANDIDATE_KEYS].join(', ')})`);
  }
  const fillers = (['url', 'render', 'content'] as const).filter((k) => input[k] !== undefined);
  if (fillers.length !== 1) {
    throw new HtmlOptionError(`${where}: give exactly one of url (a fragment), render (markup from data) or content, got ${fillers.length === 0 ? 'none' : fillers.join(' and ')}`);
  }
  if (input.when !== undefined && typeof input.when !== 'function') throw new HtmlOptionError(`${where}.when: expected a function (ctx, data) => boolean, got ${describe(input.when)}`);
  if (input.render !== undefined && typeof input.render !== 'function') throw new HtmlOptionError(`${where}.render: expected a function (ctx, data) => markup, got ${describe(input.render)}`);
  if (input.timeout !== undefined && !(Number.isFinite(input.timeout) && input.timeout > 0)) {
    throw new HtmlOptionError(`${where}.timeout: expected a positive number of milliseconds, got ${describe(input.timeout)}`);
  }
  let url: NormalizedCandidate<D>['url'];
  if (typeof input.url === 'string') {
    url = compileTemplate(input.url, `${where}.url`);
    const unknown = url.dependencies.filter((d) => !dataNames.includes(d));
    if (unknown.length > 0) throw new HtmlOptionError(`${where}.url reads {${unknown[0]}…}, which is neither a request namespace nor a data source (declared: ${dataNames.join(', ') || 'none'})`);
  } else if (input.url !== undefined && typeof input.url !== 'function') {
    throw new HtmlOptionError(`${where}.url: expected a URL template string or a function, got ${describe(input.url)}`);
  } else {
    url = input.url;
  }
  return {
    when: input.when,
    url,
    headers: { ...(input.headers ?? {}) },
    forwardHeaders: (input.forwardHeaders ?? []).map((h) => h.toLowerCase()),
    timeout: input.timeout,
    render: input.render,
    content: checkMarkup(input.content, `${where}.content`),
    fallback: checkMarkup(input.fallback, `${where}.fallback`),
  };
}

export function normalizeSlot<D>(name: string, input: SlotDeclaration<D>, dataNames: readonly string[]): NormalizedSlot<D> {
  const where = `slots.${name}`;
  if (input === null || typeof input !== 'object') throw new HtmlOptionError(`${where}: expected a slot declaration object, got ${describe(input)}`);
  const dependsOn = [...(input.dependsOn ?? [])];
  for (const dep of dependsOn) {
    if (!dataNames.includes(dep)) throw new HtmlOptionError(`${where}.dependsOn: ${JSON.stringify(dep)} is not a data source (declared: ${dataNames.join(', ') || 'none'})`);
  }
  if ('candidates' in input) {
    if (!Array.isArray(input.candidates) || input.candidates.length === 0) throw new HtmlOptionError(`${where}.candidates: expected a non-empty array`);
    return {
      name,
      candidates: input.candidates.map((c, i) => normalizeCandidate(c, `${where}.candidates[${i}]`, dataNames)),
      dependsOn,
      fallback: checkMarkup(input.fallback, `${where}.fallback`),
    };
  }
  const candidate = normalizeCandidate(input, where, dataNames);
  return { name, candidates: [candidate], dependsOn, fallback: undefined };
}
