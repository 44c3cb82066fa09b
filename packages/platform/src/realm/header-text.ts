/**
 * Header text: how a header list crosses the door (both ways) without JSON. A list [name, value,
 * name, value, ...] becomes its items joined by line feeds, which no valid header name or value
 * contains. A list where one does (or whose first item begins with '[', which no header name does)
 * is sent as JSON instead, so every list round-trips exactly. The empty list is ''.
 */
import { JSONParse, JSONStringify, StringCharCodeAt, StringIndexOf, StringSlice } from './primordials.ts';

const OPEN_BRACKET = 0x5b;

/** The text of a flat header list (captured intrinsics: a worker's patches do not apply). */
export function encodeHeaderText(raw: readonly string[]): string {
  const count = raw.length;
  if (count === 0) return '';
  if (StringCharCodeAt(raw[0] as string, 0) === OPEN_BRACKET) return JSONStringify(raw);
  let text = raw[0] as string;
  if (StringIndexOf(text, '\n', 0) !== -1) return JSONStringify(raw);
  for (let i = 1; i < count; i++) {
    const item = raw[i] as string;
    if (StringIndexOf(item, '\n', 0) !== -1) return JSONStringify(raw);
    text += '\n' + item;
  }
  return text;
}

/** The flat header list of a text (captured intrinsics: a worker's patches do not apply). */
export function decodeHeaderText(text: string): string[] {
  if (text === '') return [];
  if (StringCharCodeAt(text, 0) === OPEN_BRACKET) return JSONParse(text) as string[];
  // indexOf and slice, not split: split consults the separator's Symbol.split, which a worker can set.
  const out: string[] = [];
  let start = 0;
  for (let end = StringIndexOf(text, '\n', 0); end !== -1; end = StringIndexOf(text, '\n', start)) {
    out[out.length] = StringSlice(text, start, end);
    start = end + 1;
  }
  out[out.length] = StringSlice(text, start, text.length);
  return out;
}

