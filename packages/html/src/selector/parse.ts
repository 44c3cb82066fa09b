/**
 * Parses the selectors `onElement` accepts (spec §13): type, `*`, `.class`, `#id`, attribute
 * selectors with every CSS operator and the `i`/`s` flags, the descendant and child combinators,
 * `:not(...)` of compounds, and comma-separated lists. Anything else throws a SelectorError that
 * names the part it could not parse.
 */
import { SelectorError } from '../errors.ts';
import { asciiLower } from '../bytes.ts';
import type { AttrOperator, Complex, Compound, SelectorList } from './ast.ts';

const WS = /[ \t\n\r\f]/;

class Reader {
  pos = 0;
  constructor(readonly src: string) {}
  peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }
  eof(): boolean {
    return this.pos >= this.src.length;
  }
  skipWs(): boolean {
    const start = this.pos;
    while (!this.eof() && WS.test(this.peek())) this.pos++;
    return this.pos > start;
  }
  fail(rule: string, from = this.pos): never {
    let to = from + 1;
    while (to < this.src.length && !/[ \t\n\r\f,>]/.test(this.src[to])) to++;
    throw new SelectorError(this.src, this.src.slice(from, Math.max(to, from + 1)) || '(end of selector)', rule);
  }
}

function isIdentStart(ch: string): boolean {
  return /[A-Za-z_\u0080-\uffff\\-]/.test(ch);
}

function readIdent(r: Reader, what: string): string {
  let out = '';
  const start = r.pos;
  while (!r.eof()) {
    const ch = r.peek();
    if (/[A-Za-z0-9_\u0080-\uffff-]/.test(ch)) {
      out += ch;
      r.pos++;
    } else if (ch === '\\') {
      r.pos++;
      const hex = /^[0-9a-fA-F]{1,6}/.exec(r.src.slice(r.pos));
      if (hex) {
        out += String.fromCodePoint(Math.min(parseInt(hex[0], 16), 0x10ffff) || 0xfffd);
        r.pos += hex[0].length;
        if (WS.test(r.peek())) r.pos++;
      } else if (r.eof()) r.fail(`a backslash must escape a character in ${what}`, start);
      else {
        out += r.peek();
        r.pos++;
      }
    } else break;
  }
  if (out === '' || out === '-' || /^-?[0-9]/.test(out)) r.fail(`expected ${what}`, start);
  return out;
}

function readString(r: Reader): string {
  const quote = r.peek();
  const start = r.pos;
  r.pos++;
  let out = '';
  while (!r.eof() && r.peek() !== quote) {
    if (r.peek() === '\\') {
      r.pos++;
      const hex = /^[0-9a-fA-F]{1,6}/.exec(r.src.slice(r.pos));
      if (hex) {
        out += String.fromCodePoint(Math.min(parseInt(hex[0], 16), 0x10ffff) || 0xfffd);
        r.pos += hex[0].length;
        if (WS.test(r.peek())) r.pos++;
        continue;
      }
    }
    out += r.peek();
    r.pos++;
  }
  if (r.eof()) r.fail('unterminated quoted string', start);
  r.pos++;
  return out;
}

function readAttr(r: Reader, compound: Compound): void {
  const start = r.pos;
  r.pos++; // [
  r.skipWs();
  if (r.peek() === '*' || r.peek() === '|') r.fail('namespaced attribute selectors are not supported', start);
  const name = asciiLower(readIdent(r, 'an attribute name'));
  r.skipWs();
  let op: AttrOperator = 'exists';
  let value = '';
  let caseInsensitive = false;
  if (r.peek() !== ']') {
    const two = r.peek() + r.peek(1);
    if (r.peek() === '=') {
      op = '=';
      r.pos++;
    } else if (['~=', '|=', '^=', '$=', '*='].includes(two)) {
      op = two as AttrOperator;
      r.pos += 2;
    } else r.fail('expected an attribute operator (=, ~=, |=, ^=, $=, *=) or ]', start);
    r.skipWs();
    value = r.peek() === '"' || r.peek() === "'" ? readString(r) : readIdent(r, 'an attribute value');
    r.skipWs();
    if (/[iIsS]/.test(r.peek()) && (r.peek(1) === ']' || WS.test(r.peek(1)))) {
      caseInsensitive = r.peek().toLowerCase() === 'i';
      r.pos++;
      r.skipWs();
    }
  }
  if (r.peek() !== ']') r.fail('expected ] to close the attribute selector', start);
  r.pos++;
  compound.attrs.push({ name, op, value, caseInsensitive });
}

function readCompound(r: Reader, insideNot: boolean): Compound {
  const compound: Compound = { tag: null, ids: [], classes: [], attrs: [], nots: [] };
  const start = r.pos;
  if (r.peek() === '*') {
    r.pos++;
    if (r.peek() === '|') r.fail('namespaced type selectors are not supported', start);
  } else if (isIdentStart(r.peek())) {
    compound.tag = asciiLower(readIdent(r, 'a type selector'));
    if (r.peek() === '|') r.fail('namespaced type selectors are not supported', start);
  }
  for (;;) {
    const ch = r.peek();
    if (ch === '.') {
      r.pos++;
      compound.classes.push(readIdent(r, 'a class name after "."'));
    } else if (ch === '#') {
      r.pos++;
      compound.ids.push(readIdent(r, 'an id after "#"'));
    } else if (ch === '[') readAttr(r, compound);
    else if (ch === ':') {
      const at = r.pos;
      if (r.src.slice(at, at + 5).toLowerCase() !== ':not(') r.fail('only the :not(...) pseudo-class is supported', at);
      if (insideNot) r.fail(':not() cannot be nested', at);
      r.pos += 5;
      for (;;) {
        r.skipWs();
        compound.nots.push(readCompound(r, true));
        r.skipWs();
        if (r.peek() === ',') {
          r.pos++;
          continue;
        }
        if (r.peek() === ')') break;
        r.fail('only compound selectors (no combinators) are supported inside :not()', r.pos);
      }
      r.pos++;
    } else break;
  }
  if (r.pos === start) r.fail(r.eof() ? 'a selector is missing' : 'expected a type, *, .class, #id, [attribute] or :not(...)');
  return compound;
}

export function parseSelector(source: string): SelectorList {
  if (typeof source !== 'string') throw new SelectorError(String(source), String(source), 'the selector must be a string');
  const r = new Reader(source);
  const alternatives: Complex[] = [];
  r.skipWs();
  for (;;) {
    const complex: Complex = { compounds: [readCompound(r, false)], combinators: [] };
    for (;;) {
      const hadWs = r.skipWs();
      const ch = r.peek();
      if (r.eof() || ch === ',') break;
      if (ch === '>') {
        r.pos++;
        r.skipWs();
        complex.combinators.push('child');
      } else if (ch === '+' || ch === '~') r.fail(`the "${ch}" sibling combinator is not supported`);
      else if (hadWs) complex.combinators.push('descendant');
      else r.fail('unexpected character');
      complex.compounds.push(readCompound(r, false));
    }
    alternatives.push(complex);
    if (r.eof()) break;
    r.pos++; // ,
    r.skipWs();
  }
  return { source, alternatives };
}
