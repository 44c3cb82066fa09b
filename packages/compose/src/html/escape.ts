/**
 * Escaping by default (docs/style.md habit 9). A plain string inserted into a page is text: its
 * markup characters become entities. Markup passes through only as `RawHtml`, a branded value that
 * can be made in two visible ways: `raw(string)` (the author vouches for it) or the `html` tagged
 * template (whose literal parts are the author's markup and whose interpolations are escaped).
 */
const RAW = Symbol.for('weft.compose.rawHtml');

/** Markup that is inserted as is. Only `raw()` and the `html` template create one. */
export interface RawHtml {
  readonly [RAW]: true;
  readonly html: string;
}

export function raw(markup: string): RawHtml {
  if (typeof markup !== 'string') {
    throw new TypeError(`raw(markup): markup must be a string, got ${typeof markup}; convert the value first`);
  }
  return { [RAW]: true, html: markup };
}

export function isRawHtml(value: unknown): value is RawHtml {
  return typeof value === 'object' && value !== null && (value as { [RAW]?: unknown })[RAW] === true;
}

const TEXT_SPECIALS = /[&<>]/g;
const ATTRIBUTE_SPECIALS = /[&<>"']/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const toEntity = (ch: string): string => ENTITIES[ch] ?? ch;

/** Escapes a value for an element's text content. */
export function escapeText(value: string): string {
  return value.replace(TEXT_SPECIALS, toEntity);
}

/** Escapes a value for a quoted attribute (either quote style) and, a fortiori, for text. */
export function escapeAttribute(value: string): string {
  return value.replace(ATTRIBUTE_SPECIALS, toEntity);
}

/** What an `html` template accepts in `${}`: escaped values, raw markup, or lists of them. */
export type HtmlValue = RawHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (isRawHtml(value)) return value.html;
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'string') return escapeAttribute(value);
  if (typeof value === 'number' || value === true) return String(value);
  throw new TypeError(
    `html\`\`: an interpolated value must be a string, number, boolean, null, undefined, raw() markup or an array of those; got ${Object.prototype.toString.call(value)}`,
  );
}

/**
 * Tagged template for markup: `html\`<p class="${cls}">${name}</p>\``. Interpolations are escaped
 * with the attribute rules (safe in text and in quoted attributes); `raw()` values and nested
 * `html` results pass through; `null`, `undefined` and `false` render as nothing.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): RawHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return raw(out);
}

/** Markup for a value that is either text (escaped) or `RawHtml` (as is). */
export function toMarkup(value: string | RawHtml): string {
  return isRawHtml(value) ? value.html : escapeText(value);
}
