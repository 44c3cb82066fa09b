/**
 * The Element a handler receives (spec §13). It records what the handlers ask for; the rewriter
 * applies it at the insertion points:
 *   before  just before the start tag, FIFO      prepend  just after the start tag, LIFO
 *   append  just before the end tag, FIFO         after    just after the end tag, LIFO
 *   replaceChildren / replaceWith: the last call wins.
 * Inserted text is raw HTML and is never matched against selectors. An Element is only valid
 * while its handler runs (the platform reuses the object).
 */
import { StaleElementError } from '../errors.ts';
import { attrValue, parseAttributes, type RawAttr } from './attributes.ts';

export interface ContentOptions {
  insert_implicit_close?: boolean;
}
export interface AttributeOptions {
  quote?: "'" | '"';
}

/** The public shape handed to `onElement` handlers (spec §13 `Element`). */
export interface Element {
  readonly selector: string;
  readonly tag: string;
  before(text: string): void;
  after(text: string, opt?: ContentOptions): void;
  prepend(text: string): void;
  append(text: string, opt?: ContentOptions): void;
  replaceChildren(text: string, opt?: ContentOptions): void;
  replaceWith(text: string): void;
  getAttribute(name: string): string | undefined;
  setAttribute(name: string, value: string, opt?: AttributeOptions): void;
  removeAttribute(name: string): string | undefined;
}

interface AttrState {
  name: string;
  raw: RawAttr | undefined;
  value: string;
  quote: number;
  changed: boolean;
  removed: boolean;
}

// Per the DOM "valid attribute local name" rule, restricted to what can break HTML syntax.
const INVALID_ATTR_NAME = /[\s"'>/=<\u0000-\u001f\u007f]/;

function checkText(method: string, text: unknown): string {
  if (typeof text !== 'string') throw new TypeError(`Element.${method}(text): text must be a string, got ${describe(text)}`);
  return text;
}

function checkContentOptions(method: string, opt: unknown): boolean {
  if (opt === undefined || opt === null) return false;
  if (typeof opt !== 'object') throw new TypeError(`Element.${method}(text, opt): opt must be an object like { insert_implicit_close: true }, got ${describe(opt)}`);
  const flag = (opt as ContentOptions).insert_implicit_close;
  if (flag !== undefined && typeof flag !== 'boolean') {
    throw new TypeError(`Element.${method}(text, opt): opt.insert_implicit_close must be a boolean, got ${describe(flag)}`);
  }
  return flag === true;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export class ElementImpl implements Element {
  selector = '';
  readonly tag: string;
  valid = true;
  /** Whether the element has content and an end (false for void and self-closing foreign). */
  readonly canHaveContent: boolean;
  beforeList: string[] = [];
  prependList: string[] = [];
  appendList: string[] = [];
  afterList: string[] = [];
  children: string | undefined;
  replacement: string | undefined;
  implicitClose = false;
  attrsChanged = false;
  private attrs: AttrState[] | undefined;
  /** Where the attribute bytes end (trailing whitespace, `/` and `>` follow). */
  private attrsEnd = 0;

  constructor(
    tag: string,
    canHaveContent: boolean,
    /** Token bytes: the start tag is `tok[start, end)`, its name ends at `nameEnd`. */
    readonly tok: Uint8Array,
    readonly start: number,
    readonly nameEnd: number,
    readonly end: number,
  ) {
    this.tag = tag;
    this.canHaveContent = canHaveContent;
  }

  private live(method: string): void {
    if (!this.valid) throw new StaleElementError(method, this.tag);
  }

  /** Parsed attribute model (first occurrence of each name; later duplicates are kept raw). */
  model(): AttrState[] {
    if (this.attrs === undefined) {
      const { attrs, lastEnd } = parseAttributes(this.tok, this.nameEnd, this.end - 1);
      this.attrsEnd = lastEnd;
      this.attrs = attrs.map((raw) => ({ name: raw.name, raw, value: '', quote: 0, changed: false, removed: false }));
    }
    return this.attrs;
  }

  /** The element's current value of `name` (lower-case), as the matcher and getAttribute see it. */
  attr(name: string): string | undefined {
    for (const a of this.model()) {
      if (a.name !== name || (a.raw !== undefined && a.raw.duplicate)) continue;
      if (a.removed) return undefined;
      return a.changed || a.raw === undefined ? a.value : attrValue(this.tok, a.raw);
    }
    return undefined;
  }

  before(text: string): void {
    this.live('before');
    this.beforeList.push(checkText('before', text));
  }
  prepend(text: string): void {
    this.live('prepend');
    this.prependList.push(checkText('prepend', text));
  }
  append(text: string, opt?: ContentOptions): void {
    this.live('append');
    this.appendList.push(checkText('append', text));
    if (checkContentOptions('append', opt)) this.implicitClose = true;
  }
  after(text: string, opt?: ContentOptions): void {
    this.live('after');
    this.afterList.push(checkText('after', text));
    if (checkContentOptions('after', opt)) this.implicitClose = true;
  }
  replaceChildren(text: string, opt?: ContentOptions): void {
    this.live('replaceChildren');
    this.children = checkText('replaceChildren', text);
    if (checkContentOptions('replaceChildren', opt)) this.implicitClose = true;
  }
  replaceWith(text: string): void {
    this.live('replaceWith');
    this.replacement = checkText('replaceWith', text);
  }

  getAttribute(name: string): string | undefined {
    this.live('getAttribute');
    if (typeof name !== 'string') throw new TypeError(`Element.getAttribute(name): name must be a string, got ${describe(name)}`);
    return this.attr(name.toLowerCase());
  }

  setAttribute(name: string, value: string, opt?: AttributeOptions): void {
    this.live('setAttribute');
    if (typeof name !== 'string' || name === '' || INVALID_ATTR_NAME.test(name)) {
      throw new TypeError(
        `Element.setAttribute(name, value): ${describe(name)} is not a valid attribute name; it must be a non-empty string without whitespace, quotes, <, >, /, = or control characters`,
      );
    }
    if (typeof value !== 'string') throw new TypeError(`Element.setAttribute(name, value): value must be a string, got ${describe(value)}`);
    let quote = 0x22;
    if (opt !== undefined && opt !== null) {
      if (typeof opt !== 'object') throw new TypeError(`Element.setAttribute(name, value, opt): opt must be an object like { quote: "'" }, got ${describe(opt)}`);
      if (opt.quote === "'") quote = 0x27;
      else if (opt.quote !== undefined && opt.quote !== '"') {
        throw new TypeError(`Element.setAttribute(name, value, opt): opt.quote must be "'" or '"', got ${describe(opt.quote)}`);
      }
    }
    const lower = name.toLowerCase();
    this.attrsChanged = true;
    for (const a of this.model()) {
      if (a.name !== lower || (a.raw !== undefined && a.raw.duplicate)) continue;
      a.value = value;
      a.quote = quote;
      a.changed = true;
      a.removed = false;
      return;
    }
    this.model().push({ name: lower, raw: undefined, value, quote, changed: true, removed: false });
  }

  removeAttribute(name: string): string | undefined {
    this.live('removeAttribute');
    if (typeof name !== 'string') throw new TypeError(`Element.removeAttribute(name): name must be a string, got ${describe(name)}`);
    const lower = name.toLowerCase();
    const old = this.attr(lower);
    if (old === undefined) return undefined;
    this.attrsChanged = true;
    for (const a of this.model()) if (a.name === lower) a.removed = true;
    return old;
  }

  /** The start tag with the attribute changes applied; untouched attributes keep their bytes. */
  serializeStartTag(encode: (s: string) => Uint8Array): Uint8Array[] {
    const tok = this.tok;
    const parts: Uint8Array[] = [tok.subarray(this.start, this.nameEnd)];
    const fresh: AttrState[] = [];
    for (const a of this.model()) {
      const raw = a.raw;
      if (raw === undefined) {
        if (!a.removed) fresh.push(a);
        continue;
      }
      if (a.removed) continue;
      const gap = raw.gapStart === raw.nameStart ? SPACE : tok.subarray(raw.gapStart, raw.nameStart);
      parts.push(gap);
      if (a.changed) {
        parts.push(tok.subarray(raw.nameStart, raw.nameEnd), encode(`=${quoted(a.value, a.quote)}`));
      } else parts.push(tok.subarray(raw.nameStart, raw.end));
    }
    for (const a of fresh) parts.push(encode(` ${a.name}=${quoted(a.value, a.quote)}`));
    parts.push(tok.subarray(this.attrsEnd, this.end));
    return parts;
  }
}

const SPACE = new Uint8Array([0x20]);

function quoted(value: string, quote: number): string {
  const q = String.fromCharCode(quote);
  let v = value.replace(/&/g, '&amp;');
  v = quote === 0x22 ? v.replace(/"/g, '&quot;') : v.replace(/'/g, '&#39;');
  return q + v + q;
}
