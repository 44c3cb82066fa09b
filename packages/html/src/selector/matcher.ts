/**
 * Compiled selectors of one rewriter. Each start tag looks up the alternatives whose subject can
 * match its name (no attribute is read for tags no selector names), and ancestors are checked
 * through per-element bit masks computed when an element is pushed on the open-element stack.
 */
import { SelectorError } from '../errors.ts';
import { needsAttributes, type AttrTest, type Complex, type Compound } from './ast.ts';
import { parseSelector } from './parse.ts';

export interface MatchTarget {
  readonly tag: string;
  attr(name: string): string | undefined;
}

interface Alternative {
  reg: number;
  complex: Complex;
  /** Bit of each non-subject compound (index aligned with complex.compounds). */
  bits: number[];
}

interface AncestorCompound {
  bit: number;
  compound: Compound;
}

const ASCII_WS = /[ \t\n\r\f]+/;

function lower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function testAttr(t: AttrTest, el: MatchTarget): boolean {
  let v = el.attr(t.name);
  if (v === undefined) return false;
  if (t.op === 'exists') return true;
  let want = t.value;
  if (t.caseInsensitive) {
    v = lower(v);
    want = lower(want);
  }
  switch (t.op) {
    case '=':
      return v === want;
    case '~=':
      return want !== '' && !ASCII_WS.test(want) && v.split(ASCII_WS).includes(want);
    case '|=':
      return v === want || v.startsWith(`${want}-`);
    case '^=':
      return want !== '' && v.startsWith(want);
    case '$=':
      return want !== '' && v.endsWith(want);
    case '*=':
      return want !== '' && v.includes(want);
  }
}

/** Whether `el` (whose tag name already passed `c.tag`) satisfies the rest of the compound. */
function matchRest(c: Compound, el: MatchTarget): boolean {
  for (const id of c.ids) if (el.attr('id') !== id) return false;
  if (c.classes.length > 0) {
    const cls = el.attr('class');
    if (cls === undefined) return false;
    const list = cls.split(ASCII_WS);
    for (const k of c.classes) if (!list.includes(k)) return false;
  }
  for (const t of c.attrs) if (!testAttr(t, el)) return false;
  for (const n of c.nots) if ((n.tag === null || n.tag === el.tag) && matchRest(n, el)) return false;
  return true;
}

/** The open-element stack as the matcher sees it. */
export interface AncestorStack {
  masks: number[];
}

const MAX_BITS = 31;

/** What a tag's elements can be to the selectors: bits of `SelectorSet.roleOf`. */
export const enum Role {
  None = 0,
  /** A selector's subject may match it (it has candidates). */
  Subject = 1,
  /** An ancestor compound may match it (its mask must be worked out when it is pushed). */
  Ancestor = 2,
}
/** Tag ids below this get their role cached in a table. */
const ROLE_CACHE = 4096;

export class SelectorSet {
  readonly sources: string[] = [];
  private byTag = new Map<string, Alternative[]>();
  private anyTag: Alternative[] = [];
  /** Per tag id: the merged candidate list (computed on first use, reset when a selector is added). */
  private merged: (Alternative[] | undefined)[] = [];
  private ancestorsByTag = new Map<string, AncestorCompound[]>();
  private ancestorsAny: AncestorCompound[] = [];
  private nextBit = 0;
  /** Whether any selector uses a combinator (only then do stack entries need masks). */
  hasCombinators = false;
  /** Per tag id: 1 + its Role, or 0 when not worked out yet (reset when a selector is added). */
  private roles = new Uint8Array(0);

  /** Compiles and registers a selector; throws SelectorError naming the unparsable part. */
  add(source: string): number {
    const list = parseSelector(source);
    const reg = this.sources.length;
    const alts: Alternative[] = [];
    let bitsNeeded = 0;
    for (const complex of list.alternatives) bitsNeeded += complex.compounds.length - 1;
    if (this.nextBit + bitsNeeded > MAX_BITS) {
      throw new SelectorError(source, source, `too many combinator steps across all selectors of one rewriter (at most ${MAX_BITS})`);
    }
    for (const complex of list.alternatives) {
      const bits: number[] = [];
      for (let i = 0; i < complex.compounds.length - 1; i++) {
        const bit = 1 << this.nextBit++;
        bits.push(bit);
        const compound = complex.compounds[i];
        const entry = { bit, compound };
        if (compound.tag === null) this.ancestorsAny.push(entry);
        else this.ancestorsByTag.set(compound.tag, [...(this.ancestorsByTag.get(compound.tag) ?? []), entry]);
        this.hasCombinators = true;
      }
      alts.push({ reg, complex, bits });
    }
    this.sources.push(source);
    for (const alt of alts) {
      const subject = alt.complex.compounds[alt.complex.compounds.length - 1];
      if (subject.tag === null) this.anyTag.push(alt);
      else this.byTag.set(subject.tag, [...(this.byTag.get(subject.tag) ?? []), alt]);
    }
    this.merged = [];
    this.roles = new Uint8Array(ROLE_CACHE);
    return reg;
  }

  /**
   * Whether every selector can only match the head or the body element: a document holds one of
   * each, both created by the time the body starts, and a later `<head>` or `<body>` tag creates
   * no element, not even in svg or math (it breaks out of foreign content). `html` is not such a
   * name: inside svg, `<html>` makes a foreign element of that name.
   */
  onlyHeadAndBody(): boolean {
    if (this.anyTag.length > 0) return false;
    for (const tag of this.byTag.keys()) if (tag !== 'head' && tag !== 'body') return false;
    return true;
  }

  /**
   * What elements of this tag can be to the selectors. Most tags of a page are None, so the
   * rewriter skips them with one table read and reads no attribute.
   */
  roleOf(tag: { name: string; id: number }): Role {
    const cached = tag.id < this.roles.length ? this.roles[tag.id] : 0;
    if (cached !== 0) return cached - 1;
    let role = this.candidates(tag) === undefined ? Role.None : Role.Subject;
    if (this.ancestorsAny.length > 0 || this.ancestorsByTag.has(tag.name)) role |= Role.Ancestor;
    if (tag.id < this.roles.length) this.roles[tag.id] = role + 1;
    return role;
  }

  /** Alternatives whose subject may match a `tag` element, or undefined when none can. */
  candidates(tag: { name: string; id: number }): Alternative[] | undefined {
    let list = this.merged[tag.id];
    if (list === undefined) {
      list = [...(this.byTag.get(tag.name) ?? []), ...this.anyTag].sort((a, b) => a.reg - b.reg);
      if (tag.id < 8192) this.merged[tag.id] = list;
    }
    return list.length === 0 ? undefined : list;
  }

  /** Bits of the ancestor compounds that a `tag` element matches. */
  ancestorMask(tag: string, el: MatchTarget): number {
    let mask = 0;
    const named = this.ancestorsByTag.get(tag);
    if (named !== undefined) for (const a of named) if (matchRest(a.compound, el)) mask |= a.bit;
    for (const a of this.ancestorsAny) if (matchRest(a.compound, el)) mask |= a.bit;
    return mask;
  }

  /** Whether ancestors could be tested without reading this element's attributes. */
  ancestorNeedsAttributes(tag: string): boolean {
    const named = this.ancestorsByTag.get(tag);
    return (named?.some((a) => needsAttributes(a.compound)) ?? false) || this.ancestorsAny.some((a) => needsAttributes(a.compound));
  }

  /** Sorted registration indexes of the selectors the element matches. */
  match(alts: Alternative[], el: MatchTarget, stack: AncestorStack, parent: number): number[] {
    const out: number[] = [];
    for (const alt of alts) {
      if (out.length > 0 && out[out.length - 1] === alt.reg) continue;
      const c = alt.complex.compounds;
      if (!matchRest(c[c.length - 1], el)) continue;
      if (c.length === 1 || this.matchAncestors(alt, c.length - 2, stack, parent)) out.push(alt.reg);
    }
    return out;
  }

  private matchAncestors(alt: Alternative, ci: number, stack: AncestorStack, from: number): boolean {
    const bit = alt.bits[ci];
    const masks = stack.masks;
    if (alt.complex.combinators[ci] === 'child') {
      if (from < 0 || (masks[from] & bit) === 0) return false;
      return ci === 0 || this.matchAncestors(alt, ci - 1, stack, from - 1);
    }
    for (let i = from; i >= 0; i--) {
      if ((masks[i] & bit) !== 0 && (ci === 0 || this.matchAncestors(alt, ci - 1, stack, i - 1))) return true;
    }
    return false;
  }
}
