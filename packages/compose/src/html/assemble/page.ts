/**
 * `definePage`: an HTML page assembled from a template and slots, streamed in document order.
 *
 * ```ts
 * const home = definePage({
 *   template: html`<!doctype html><html><head>…</head><body><weft-slot name="header"></weft-slot>…`,
 *   data: { promos: { url: '/api/promos?country={location.country|US}', schema: Promos } },
 *   slots: {
 *     header: { url: '/fragments/header', timeout: 300, fallback: html`<header>Shop</header>` },
 *     promos: { dependsOn: ['promos'], render: (ctx, { promos }) => html`<ul>${promos?.items.map(…)}</ul>` },
 *   },
 * });
 * export const responseProvider = (request) => home.respond(request);
 * ```
 */
import { captureContext, createBudget, createLimiter, defineSource, orderGraph, DEFAULT_CONCURRENCY, MAX_SUBREQUESTS } from '../../core/index.ts';
import type { EdgeRequest, RunEnv, SourceSpec } from '../../core/index.ts';
import type { Asset } from '../assets/asset.ts';
import { earlyHintsValue } from '../assets/markup.ts';
import { isRawHtml } from '../escape.ts';
import { HtmlOptionError, HtmlTemplateError } from '../errors.ts';
import { parseExpression } from '../esi/expression.ts';
import { createResponse, type ReadableStream } from '../platform.ts';
import { scanTemplate, type TemplateEvent } from '../template/scanner.ts';
import type { PageHeaders } from './commit.ts';
import type { SlotOutcome } from './fragment.ts';
import {
  DEFAULT_BUFFER_LIMIT, DEFAULT_FRAGMENT_TIMEOUT, DEFAULT_HEADERS, DEFAULT_PRIMARY_HEADERS, DEFAULT_READ_AHEAD,
  type FetchedTemplate, type PageOptions, type PageSource,
} from './options.ts';
import { assembleRequest, type PagePlan } from './request.ts';
import { normalizeSlot } from './slots.ts';

/** Template scans of a page look for the places assets go (template/scanner.ts). */
const MARKS = { marks: true } as const;
/** What a CSP nonce may hold (base64 and base64url). */
export const NONCE = /^[A-Za-z0-9+/=_-]+$/;

export interface AssembledPage {
  status: number;
  headers: PageHeaders;
  body: ReadableStream<Uint8Array>;
  /** Settles when the body has been written: what became of each slot and include. */
  report: Promise<PageReport>;
}

export interface PageReport {
  outcomes: SlotOutcome[];
  subrequests: number;
  /** True when some part was replaced by its fallback, cut, or the page failed to complete. */
  partial: boolean;
}

export interface Page {
  /** Resolves at the commit point with the status, headers and the streaming body. */
  assemble(request: EdgeRequest): Promise<AssembledPage>;
  /** `assemble` then `createResponse`: what a responseProvider returns. */
  respond(request: EdgeRequest): Promise<object>;
  /**
   * The value for `PMUSER_103_HINTS` (the platform's Early Hints): preload links of the assets the
   * slots declare, whole links only, within the `setVariable` budget. Set it in onClientRequest
   * (responseProvider cannot set variables, platform §3.3); '' when there is nothing to hint.
   */
  earlyHints(): string;
}

function checkInlineTemplate(events: readonly TemplateEvent[], slotNames: readonly string[], esi: boolean): void {
  const seen = new Set<string>();
  for (const event of events) {
    if (event.type === 'slot') {
      if (!slotNames.includes(event.name)) {
        throw new HtmlOptionError(`template: <weft-slot name="${event.name}"> has no declaration in slots (declared: ${slotNames.join(', ') || 'none'})`);
      }
      seen.add(event.name);
    } else if (event.type !== 'text' && event.type !== 'mark' && !esi) {
      throw new HtmlOptionError('template: contains ESI tags but the page sets esi: false');
    } else if (event.type === 'open' && event.tag === 'when') {
      parseExpression(event.attributes.test ?? '');
    } else if (event.type === 'include' && (event.attributes.src ?? '') === '') {
      throw new HtmlTemplateError('template: <esi:include> needs a src attribute');
    }
  }
  const unused = slotNames.filter((name) => !seen.has(name));
  if (unused.length > 0) throw new HtmlOptionError(`slots: ${unused.map((n) => JSON.stringify(n)).join(', ')} declared but the template has no <weft-slot name="${unused[0]}">`);
}

function checkNonce(nonce: unknown): PagePlan['nonce'] {
  if (nonce === undefined || typeof nonce === 'function') return nonce as PagePlan['nonce'];
  if (typeof nonce !== 'string' || !NONCE.test(nonce)) {
    throw new HtmlOptionError(`nonce: expected a base64 value (letters, digits, + / = - _) or a function (ctx) => nonce, got ${typeof nonce === 'string' ? JSON.stringify(nonce) : String(nonce)}`);
  }
  return nonce as PagePlan['nonce'];
}

function checkBoolean(value: unknown, where: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new HtmlOptionError(`${where}: expected true or false, got ${String(value)}`);
  return value;
}

function uniqueAssets(assets: readonly Asset[]): Asset[] {
  const seen = new Set<string>();
  return assets.filter((a) => !seen.has(a.href) && seen.add(a.href) !== undefined);
}

function positiveInteger(value: number | undefined, fallback: number, where: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new HtmlOptionError(`${where}: expected a positive integer, got ${String(value)}`);
  return value;
}

export function definePage<const S extends Record<string, PageSource> = Record<never, PageSource>>(options: PageOptions<S>): Page {
  if (options === null || typeof options !== 'object') throw new HtmlOptionError(`definePage(options): expected an options object, got ${String(options)}`);
  const dataSpecs: SourceSpec[] = orderGraph(
    Object.entries(options.data ?? {}).map(([name, input]) => defineSource(name, { ...(input as PageSource), read: 'json' })),
  );
  const dataNames = dataSpecs.map((s) => s.name);
  const slots = Object.entries(options.slots ?? {}).map(([name, declaration]) => normalizeSlot(name, declaration, dataNames));
  const slotNames = slots.map((s) => s.name);
  const esi = options.esi !== false;
  const template = options.template;
  let inline: readonly TemplateEvent[] | undefined;
  let fetched: FetchedTemplate | undefined;
  if (typeof template === 'string' || isRawHtml(template)) {
    inline = scanTemplate(typeof template === 'string' ? template : template.html, undefined, MARKS);
    checkInlineTemplate(inline, slotNames, esi);
  } else if (template !== null && typeof template === 'object' && (typeof template.url === 'string' || typeof template.url === 'function')) {
    fetched = template;
  } else {
    throw new HtmlOptionError('template: expected inline markup (a string or html``) or { url, timeout?, fallback? }');
  }
  const primary = options.primary;
  if (primary !== undefined && primary !== 'template' && !slotNames.includes(primary)) {
    throw new HtmlOptionError(`primary: ${JSON.stringify(primary)} is neither "template" nor a declared slot (declared: ${slotNames.join(', ') || 'none'})`);
  }
  if (slots.some((s) => s.async && s.name === primary)) {
    throw new HtmlOptionError(`primary: slot ${JSON.stringify(primary)} is async; the page's status cannot wait for a slot that must never delay it: drop async or choose another primary`);
  }
  if (primary === 'template' && fetched === undefined) throw new HtmlOptionError('primary: "template" needs a fetched template ({ url }); an inline template has no status of its own');
  const status = options.status ?? 200;
  const failureStatus = options.primaryFailureStatus ?? 500;
  for (const [where, value] of [['status', status], ['primaryFailureStatus', failureStatus]] as const) {
    if (!Number.isInteger(value) || value < 200 || value > 599) throw new HtmlOptionError(`${where}: expected an HTTP status 200–599 (spec §9, decisions 5), got ${String(value)}`);
  }
  const plan: PagePlan = {
    inline,
    fetched,
    fallbackTemplate: fetched?.fallback === undefined ? undefined : scanTemplate(isRawHtml(fetched.fallback) ? fetched.fallback.html : fetched.fallback, 'template.fallback', MARKS),
    dataSpecs,
    slots,
    primary,
    esi: esi ? (options.esi === undefined || options.esi === false ? {} : options.esi) : undefined,
    commit: {
      status,
      headers: { ...DEFAULT_HEADERS, ...(options.headers ?? {}) },
      primaryHeaders: (options.primaryHeaders ?? DEFAULT_PRIMARY_HEADERS).map((h) => h.toLowerCase()),
      primaryFailureStatus: failureStatus,
    },
    readAhead: positiveInteger(options.readAhead, DEFAULT_READ_AHEAD, 'readAhead'),
    bufferLimit: options.bufferLimit === 0 ? 0 : positiveInteger(options.bufferLimit, DEFAULT_BUFFER_LIMIT, 'bufferLimit'),
    fragmentTimeout: positiveInteger(options.fragmentTimeout, DEFAULT_FRAGMENT_TIMEOUT, 'fragmentTimeout'),
    onOutcome: options.onOutcome,
    nonce: checkNonce(options.nonce),
    preloadHeader: checkBoolean(options.preloadHeader, 'preloadHeader'),
  };
  const concurrency = positiveInteger(options.concurrency, DEFAULT_CONCURRENCY, 'concurrency');
  const hints = earlyHintsValue(uniqueAssets(slots.flatMap((s) => s.assets)));

  const assemble = (request: EdgeRequest): Promise<AssembledPage> => {
    const env: RunEnv = {
      limiter: createLimiter(concurrency),
      budget: createBudget(options.deadline, options.clock),
      subrequests: { used: 0, max: MAX_SUBREQUESTS },
    };
    return assembleRequest(plan, captureContext(request), env);
  };
  return {
    assemble,
    async respond(request) {
      const page = await assemble(request);
      return createResponse(page.status, page.headers, page.body);
    },
    earlyHints: () => hints,
  };
}
