/**
 * Injection into a streamed page by CSS selector, on the platform's `html-rewriter`:
 *
 * ```ts
 * const page = await httpRequest('/products');
 * return respondInjected(page, [
 *   { selector: 'head', append: html`<script src="/rum.js"></script>` },
 *   { selector: 'body', prepend: httpRequest(`/banners/${country}`), fallback: html`<p>Welcome</p>` },
 *   { selector: 'img', setAttributes: { loading: 'lazy' } },
 *   { selector: '.tracking', remove: true },
 * ]);
 * ```
 *
 * Content is a string (inserted as escaped text), `raw()`/`html``` markup, or another source's body
 * (a `ReadableStream` or the promise of a response), which is streamed in, never buffered whole.
 */
import { isRawHtml, toMarkup } from '../escape.ts';
import { HtmlOptionError } from '../errors.ts';
import { SlotPart, type Filling, type SlotOutcome } from '../assemble/fragment.ts';
import { DEFAULT_BUFFER_LIMIT, DEFAULT_READ_AHEAD } from '../assemble/options.ts';
import { BufferBudget } from '../assemble/buffer-budget.ts';
import { logOutcome } from '../assemble/report.ts';
import type { Markup } from '../assemble/slots.ts';
import type { ByteStream } from '../bytes.ts';
import { createMarkers, type MarkerSet } from './marker.ts';
import { HtmlRewritingStream, type Element } from './rewriter.ts';
import { splice } from './splice.ts';

/** A response whose body can be streamed in (what `httpRequest` resolves to). */
export interface StreamedResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly body: ByteStream;
}

/** Another source's body: a byte stream, or the (promise of a) response that carries it. */
export type StreamedContent = ByteStream | StreamedResponse | PromiseLike<StreamedResponse | ByteStream>;

export type InjectContent = Markup | StreamedContent;

const POSITIONS = ['before', 'after', 'prepend', 'append', 'replaceChildren', 'replaceWith'] as const;
type Position = (typeof POSITIONS)[number];

export interface Injection {
  /** A selector of the platform's rewriter: type, .class, #id, [attr], [attr=value], `>`, descendant, :not(). */
  selector: string;
  before?: InjectContent;
  after?: InjectContent;
  prepend?: InjectContent;
  append?: InjectContent;
  replaceChildren?: InjectContent;
  replaceWith?: InjectContent;
  /** Removes the element and its children. */
  remove?: boolean;
  /** Attribute values are escaped by the rewriter (spec §13). */
  setAttributes?: Readonly<Record<string, string>>;
  removeAttributes?: readonly string[];
  /** Markup written instead of streamed content that fails before any of it was written. */
  fallback?: Markup;
  /** Close an element the source left open, for after/append/replaceChildren (spec §13). */
  insertImplicitClose?: boolean;
}

export interface InjectOptions {
  readAhead?: number;
  /** Bytes the streamed contents may hold beyond their read-ahead while waiting for their element (default 512 KiB). */
  bufferLimit?: number;
  onOutcome?: (outcome: SlotOutcome) => void;
}

const KEYS = new Set<string>([...POSITIONS, 'selector', 'remove', 'setAttributes', 'removeAttributes', 'fallback', 'insertImplicitClose']);
// HTML attribute names: no whitespace, quotes, ">", "/", "=" or controls.
const ATTRIBUTE_NAME = /^[^\s\u0000-\u001f\u007f"'>/=]+$/;

function isStreamed(value: unknown): value is StreamedContent {
  if (value === null || typeof value !== 'object') return false;
  return typeof (value as { getReader?: unknown }).getReader === 'function' || typeof (value as { then?: unknown }).then === 'function' || 'body' in value;
}

function toFilling(content: StreamedContent, where: string): Promise<Filling> {
  return Promise.resolve(content).then((value): Filling => {
    if (typeof (value as ByteStream).getReader === 'function') return { kind: 'body', body: value as ByteStream };
    const response = value as StreamedResponse;
    if (!response.ok) {
      // The error below reports the status; a body that fails to cancel adds nothing to it.
      void Promise.resolve().then(() => response.body.cancel('not used')).catch(() => {});
      throw new HtmlOptionError(`${where}: the streamed source answered ${response.status}`);
    }
    return { kind: 'body', body: response.body };
  });
}

type Op = (el: Element) => void;

/** Checks one injection; returns its operations, with streamed contents registered through `stream`. */
function plan(injection: Injection, where: string, stream: (content: StreamedContent, name: string, fallback: Markup | undefined) => string): Op[] {
  if (injection === null || typeof injection !== 'object') throw new HtmlOptionError(`${where}: expected an object, got ${String(injection)}`);
  for (const key of Object.keys(injection)) {
    if (!KEYS.has(key)) throw new HtmlOptionError(`${where}: unknown option ${JSON.stringify(key)} (known: ${[...KEYS].join(', ')})`);
  }
  if (typeof injection.selector !== 'string' || injection.selector.trim() === '') {
    throw new HtmlOptionError(`${where}.selector: expected a CSS selector string, got ${JSON.stringify(injection.selector)}`);
  }
  const ops: Op[] = [];
  const trailing = injection.insertImplicitClose === true ? { insert_implicit_close: true } : undefined;
  for (const position of POSITIONS) {
    const content = injection[position];
    if (content === undefined) continue;
    if (typeof content === 'string' || isRawHtml(content)) {
      const text = toMarkup(content);
      ops.push((el) => apply(el, position, text, trailing));
    } else if (isStreamed(content)) {
      // A body can be read once: its marker goes to the first element matched, and only there, so
      // the splice knows when every content is placed and stops looking at the rest of the page.
      const marker = stream(content, `${where}.${position}`, injection.fallback);
      let placed = false;
      ops.push((el) => {
        if (placed) return;
        placed = true;
        apply(el, position, marker, trailing);
      });
    } else {
      throw new HtmlOptionError(`${where}.${position}: expected a string (escaped text), raw()/html\`\` markup, a ReadableStream or a response, got ${typeof content}`);
    }
  }
  if (injection.remove === true) ops.push((el) => el.replaceWith(''));
  for (const [name, value] of Object.entries(injection.setAttributes ?? {})) {
    if (!ATTRIBUTE_NAME.test(name)) throw new HtmlOptionError(`${where}.setAttributes: ${JSON.stringify(name)} is not a valid attribute name`);
    if (typeof value !== 'string') throw new HtmlOptionError(`${where}.setAttributes.${name}: expected a string value, got ${typeof value}`);
    ops.push((el) => el.setAttribute(name, value));
  }
  for (const name of injection.removeAttributes ?? []) {
    if (typeof name !== 'string' || !ATTRIBUTE_NAME.test(name)) throw new HtmlOptionError(`${where}.removeAttributes: ${JSON.stringify(name)} is not a valid attribute name`);
    ops.push((el) => void el.removeAttribute(name));
  }
  if (ops.length === 0) throw new HtmlOptionError(`${where}: nothing to do; give content (${POSITIONS.join(', ')}), remove, setAttributes or removeAttributes`);
  return ops;
}

/**
 * Applies the injections to a streamed page; returns the rewritten stream. A streamed content is
 * written at the first element its selector matches (a body can be read once).
 */
export function inject(page: ByteStream, injections: readonly Injection[], options: InjectOptions = {}): ByteStream {
  if (!Array.isArray(injections)) throw new HtmlOptionError(`inject(page, injections): injections must be an array, got ${typeof injections}`);
  let markers: MarkerSet | undefined;
  const streamed: Array<{ content: StreamedContent; name: string; fallback: Markup | undefined }> = [];
  const handlers = injections.map((injection, index) => ({
    selector: injection?.selector,
    ops: plan(injection, `injections[${index}]`, (content, name, fallback) => {
      markers ??= createMarkers();
      streamed.push({ content, name, fallback });
      return markers.marker(streamed.length - 1);
    }),
  }));
  // Everything is valid: now start reading the streamed contents and build the rewriter.
  const contents = new Map<number, SlotPart>();
  const budget = new BufferBudget(options.bufferLimit ?? DEFAULT_BUFFER_LIMIT);
  streamed.forEach(({ content, name, fallback }, id) => {
    contents.set(id, new SlotPart(toFilling(content, name), {
      name,
      readAhead: options.readAhead ?? DEFAULT_READ_AHEAD,
      budget,
      onOutcome: (outcome) => {
        logOutcome(outcome);
        options.onOutcome?.(outcome);
      },
      fallback: () => (fallback === undefined ? '' : toMarkup(fallback)),
    }));
  });
  const cancelContents = (reason: unknown): void => {
    for (const part of contents.values()) part.cancel(reason);
  };
  let rewritten: ByteStream;
  try {
    const rewriter = new HtmlRewritingStream();
    for (const { selector, ops } of handlers) {
      rewriter.onElement(selector, (el) => {
        for (const op of ops) op(el);
      });
    }
    rewritten = page.pipeThrough(rewriter) as ByteStream;
  } catch (error) {
    cancelContents(error);
    throw error;
  }
  if (markers === undefined) return rewritten;
  return splice(rewritten, markers, contents, () => cancelContents('the page ended'));
}

function apply(el: Element, position: Position, text: string, trailing: { insert_implicit_close: boolean } | undefined): void {
  switch (position) {
    case 'before': return el.before(text);
    case 'prepend': return el.prepend(text);
    case 'replaceWith': return el.replaceWith(text);
    case 'after': return trailing === undefined ? el.after(text) : el.after(text, trailing);
    case 'append': return trailing === undefined ? el.append(text) : el.append(text, trailing);
    case 'replaceChildren': return trailing === undefined ? el.replaceChildren(text) : el.replaceChildren(text, trailing);
  }
}
