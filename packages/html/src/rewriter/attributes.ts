/**
 * The attributes of one start tag, parsed on demand from the tag's bytes with the WHATWG attribute
 * states (so they agree with where the tokenizer put the tag's end). Values are decoded the way a
 * DOM sees them (character references resolved); duplicates after the first are kept in the bytes
 * but invisible to lookups, as in the tokenizer.
 */
import { decodeHTMLAttribute } from 'entities/decode';
import { utf8Decode } from '../bytes.ts';

export interface RawAttr {
  /** Start of the whitespace (or `/`) that separates it from what precedes it. */
  gapStart: number;
  nameStart: number;
  nameEnd: number;
  /** Value bytes without quotes; equal to nameEnd..nameEnd when there is no value. */
  valueStart: number;
  valueEnd: number;
  /** Where the attribute ends (after the closing quote, if any). */
  end: number;
  name: string;
  /** Decoded value, computed on first use. */
  value: string | undefined;
  duplicate: boolean;
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0c || c === 0x0d;
}

function lowerName(tok: Uint8Array, start: number, end: number): string {
  let ascii = true;
  let s = '';
  for (let i = start; i < end; i++) {
    const c = tok[i];
    if (c >= 0x80 || c === 0) {
      ascii = false;
      break;
    }
    s += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 32 : c);
  }
  if (ascii) return s;
  return utf8Decode(tok, start, end)
    .replace(/\0/g, '\ufffd')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Parses `tok[from, to)`: the bytes after the tag name, up to (not including) the final `>`. */
export function parseAttributes(tok: Uint8Array, from: number, to: number): { attrs: RawAttr[]; lastEnd: number } {
  const attrs: RawAttr[] = [];
  const seen = new Set<string>();
  let i = from;
  let lastEnd = from;
  while (i < to) {
    const gapStart = lastEnd;
    while (i < to && (isWs(tok[i]) || tok[i] === 0x2f)) i++;
    if (i >= to) break;
    const nameStart = i;
    // The first character may be '=' (a parse error, but part of the name).
    i++;
    while (i < to && !isWs(tok[i]) && tok[i] !== 0x2f && tok[i] !== 0x3d) i++;
    const nameEnd = i;
    let j = i;
    while (j < to && isWs(tok[j])) j++;
    let valueStart = nameEnd;
    let valueEnd = nameEnd;
    let end = nameEnd;
    if (j < to && tok[j] === 0x3d) {
      j++;
      while (j < to && isWs(tok[j])) j++;
      const q = tok[j];
      if (j < to && (q === 0x22 || q === 0x27)) {
        let k = j + 1;
        while (k < to && tok[k] !== q) k++;
        valueStart = j + 1;
        valueEnd = k;
        end = Math.min(k + 1, to);
      } else {
        let k = j;
        while (k < to && !isWs(tok[k])) k++;
        valueStart = j;
        valueEnd = k;
        end = k;
      }
      i = end;
    }
    const name = lowerName(tok, nameStart, nameEnd);
    const duplicate = seen.has(name);
    seen.add(name);
    attrs.push({ gapStart, nameStart, nameEnd, valueStart, valueEnd, end, name, value: undefined, duplicate });
    lastEnd = end;
  }
  return { attrs, lastEnd };
}

export function attrValue(tok: Uint8Array, attr: RawAttr): string {
  if (attr.value === undefined) {
    let raw = utf8Decode(tok, attr.valueStart, attr.valueEnd);
    if (raw.includes('\0')) raw = raw.replace(/\0/g, '\ufffd');
    attr.value = raw.includes('&') ? decodeHTMLAttribute(raw) : raw;
  }
  return attr.value;
}
