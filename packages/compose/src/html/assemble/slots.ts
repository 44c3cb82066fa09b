/**
 * Slot declarations: what fills a `<weft-slot name>`. A slot is one candidate or a list of them;
 * the first candidate whose `when` holds fills the slot (none: the slot shows its default content,
 * i.e. its fallback, or its children in the template, as an HTML `<slot>` does). A candidate is
 * a fragment (`url`: its HTML body is streamed in), markup rendered from the request and the page's
 * JSON data (`render`), or fixed `content`. `dependsOn` names the data sources to wait for before
 * `when`, `url` and `render` run. A fragment may have a `fallbackUrl` (fetched when `url` gives no
 * usable answer); a slot may be `async` (written at the end of the body when ready, see
 * async-slots.ts) and may declare its `assets` (CSS and JS, see ../assets/collector.ts).
 */
import type { RequestContext } from '../../core/index.ts';
import { compileTemplate, type Template } from '../../core/index.ts';
import type { Asset } from '../assets/asset.ts';
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
  /**
   * A second fragment URL, fetched when `url` answers 500 or more, fails or times out (4xx: the
   * fallback content at once). Same forms as `url`; its own timeout is `timeout` again.
   */
  fallbackUrl?: string | ((ctx: Ctx, data: D) => string);
  /** Per-fragment timeout, ms (shrunk further by the page's deadline). */
  timeout?: number;
  /** Markup rendered from the request and the data. */
  render?: (ctx: Ctx, data: D) => Markup;
  /** Fixed markup. */
  content?: Markup;
  /** Written when the fragment (or `render`) fails; default: the slot's children in the template. */
  fallback?: Markup;
}

/** CSS and JS a slot needs, declared by the page (known before its fragment answers, so they can be hinted early). */
export interface SlotAssets {
  /** Stylesheet URLs: `<link rel="stylesheet">` in the head. */
  styles?: readonly string[];
  /** Classic script URLs: `<script src defer>` where the scripts go. */
  scripts?: readonly string[];
  /** Module script URLs: `<script type="module" src>` where the scripts go. */
  modules?: readonly string[];
  /**
   * Hold the page's `<head>` until this slot's fragment answered (its response headers, within its
   * timeout and the page's deadline), so the stylesheets its `Link` header names go in the head.
   * Default false: a stylesheet learnt after the head left is written just before the fragment.
   */
  holdHead?: boolean;
}

/** Where a slot's content goes: in place (default), or `async: true`, at the end of the body when ready. An async slot never holds the head. */
export type SlotPlacement =
  | { async?: false; assets?: SlotAssets }
  | { async: true; assets?: SlotAssets & { holdHead?: false } };

export type SlotDeclaration<D, K extends string = string> =
  | (SlotCandidate<D> & { dependsOn?: readonly K[] } & SlotPlacement)
  | ({ candidates: readonly SlotCandidate<D>[]; dependsOn?: readonly K[]; fallback?: Markup } & SlotPlacement);

export interface NormalizedCandidate<D> {
  when: ((ctx: Ctx, data: D) => boolean) | undefined;
  url: Template | ((ctx: Ctx, data: D) => string) | undefined;
  fallbackUrl: Template | ((ctx: Ctx, data: D) => string) | undefined;
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
  async: boolean;
  /** Declared assets, without duplicates. */
  assets: readonly Asset[];
  holdHead: boolean;
}

const CANDIDATE_KEYS = new Set(['when', 'url', 'fallbackUrl', 'headers', 'forwardHeaders', 'timeout', 'render', 'content', 'fallback', 'dependsOn']);
/** Options of the slot as a whole, allowed beside a single candidate's but not inside `candidates`. */
const SLOT_KEYS = new Set(['async', 'assets']);
const ASSET_KEYS = ['styles', 'scripts', 'modules', 'holdHead'];

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

function checkMarkup(value: unknown, where: string): Markup | undefined {
  if (value === undefined || typeof value === 'string' || isRawHtml(value)) return value;
  throw new HtmlOptionError(`${where}: expected a string (inserted as escaped text) or raw()/html\`\` markup, got ${describe(value)}`);
}

function urlOption<D>(value: unknown, where: string, dataNames: readonly string[]): NormalizedCandidate<D>['url'] {
  if (typeof value === 'string') {
    const url = compileTemplate(value, where);
    const unknown = url.dependencies.filter((d) => !dataNames.includes(d));
    if (unknown.length > 0) throw new HtmlOptionError(`${where} reads {${unknown[0]}…}, which is neither a request namespace nor a data source (declared: ${dataNames.join(', ') || 'none'})`);
    return url;
  }
  if (value !== undefined && typeof value !== 'function') throw new HtmlOptionError(`${where}: expected a URL template string or a function, got ${describe(value)}`);
  return value as ((ctx: Ctx, data: D) => string) | undefined;
}

function normalizeCandidate<D>(input: SlotCandidate<D>, where: string, dataNames: readonly string[], slotKeys = false): NormalizedCandidate<D> {
  if (input === null || typeof input !== 'object') throw new HtmlOptionError(`${where}: expected an object, got ${describe(input)}`);
  for (const key of Object.keys(input)) {
    if (SLOT_KEYS.has(key) && !slotKeys) throw new HtmlOptionError(`${where}: ${key} is an option of the whole slot: give it beside candidates, not inside one`);
    if (!CANDIDATE_KEYS.has(key) && !SLOT_KEYS.has(key)) throw new HtmlOptionError(`${where}: unknown option ${JSON.stringify(key)} (known: ${[...CANDIDATE_KEYS, ...SLOT_KEYS].join(', ')})`);
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
  if (input.fallbackUrl !== undefined && input.url === undefined) {
    throw new HtmlOptionError(`${where}.fallbackUrl: only a fragment (url) can have a fallbackUrl; for render or content, use fallback markup`);
  }
  return {
    when: input.when,
    url: urlOption<D>(input.url, `${where}.url`, dataNames),
    fallbackUrl: urlOption<D>(input.fallbackUrl, `${where}.fallbackUrl`, dataNames),
    headers: { ...(input.headers ?? {}) },
    forwardHeaders: (input.forwardHeaders ?? []).map((h) => h.toLowerCase()),
    timeout: input.timeout,
    render: input.render,
    content: checkMarkup(input.content, `${where}.content`),
    fallback: checkMarkup(input.fallback, `${where}.fallback`),
  };
}

function urlList(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.trim() !== '')) {
    throw new HtmlOptionError(`${where}: expected an array of URLs (non-empty strings), got ${describe(value)}`);
  }
  return value.map((v: string) => v.trim());
}

function normalizePlacement(input: SlotPlacement, where: string): Pick<NormalizedSlot<unknown>, 'async' | 'assets' | 'holdHead'> {
  if (input.async !== undefined && typeof input.async !== 'boolean') throw new HtmlOptionError(`${where}.async: expected true or false, got ${describe(input.async)}`);
  const declared: unknown = input.assets;
  if (declared === undefined) return { async: input.async === true, assets: [], holdHead: false };
  if (declared === null || typeof declared !== 'object' || Array.isArray(declared)) {
    throw new HtmlOptionError(`${where}.assets: expected { styles?, scripts?, modules?, holdHead? }, got ${describe(declared)}`);
  }
  const assets = declared as SlotAssets;
  for (const key of Object.keys(assets)) {
    if (!ASSET_KEYS.includes(key)) throw new HtmlOptionError(`${where}.assets: unknown option ${JSON.stringify(key)} (known: ${ASSET_KEYS.join(', ')})`);
  }
  if (assets.holdHead !== undefined && typeof assets.holdHead !== 'boolean') throw new HtmlOptionError(`${where}.assets.holdHead: expected true or false, got ${describe(assets.holdHead)}`);
  if (assets.holdHead === true && input.async === true) {
    throw new HtmlOptionError(`${where}: an async slot cannot hold the head (assets.holdHead), since it must never delay the page: drop one of the two`);
  }
  const list: Asset[] = [];
  const seen = new Set<string>();
  const add = (hrefs: string[], kind: Asset['kind']): void => {
    for (const href of hrefs) {
      if (seen.has(href)) continue;
      seen.add(href);
      list.push({ href, kind });
    }
  };
  add(urlList(assets.styles, `${where}.assets.styles`), 'style');
  add(urlList(assets.scripts, `${where}.assets.scripts`), 'script');
  add(urlList(assets.modules, `${where}.assets.modules`), 'module');
  return { async: input.async === true, assets: list, holdHead: assets.holdHead === true };
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
      ...normalizePlacement(input, where),
    };
  }
  const candidate = normalizeCandidate(input, where, dataNames, true);
  return { name, candidates: [candidate], dependsOn, fallback: undefined, ...normalizePlacement(input, where) };
}
