/**
 * The stack of open elements: storage, namespaces and integration points, scope checks and the
 * primitive pops. The tree rules (body-rules.ts, open-elements.ts) build on it.
 */
import { TagFlag, tagInfo, type TagInfo } from './tags.ts';

export const enum Ns {
  Html = 0,
  Svg = 1,
  MathMl = 2,
}

export const enum Point {
  None = 0,
  MathText = 1,
  Html = 2,
  AnnotationXml = 3,
}

export const enum Phase {
  /** Initial, before html/head, in head, after head. */
  BeforeBody,
  InBody,
  /** In frameset or after frameset: only frameset, frame and noframes are not ignored. */
  Frameset,
}

/** Attributes of the start tag being processed, read only for the few rules that need them. */
export interface AttrLookup {
  get(name: string): string | undefined;
}

export const enum StartResult {
  /** The element is on the stack until its end. */
  Pushed = 1,
  /** Void, self-closing foreign, or ignored by tree construction: it ends with its start tag. */
  Closed = 2,
}

/** Past this depth, elements are only counted (see `overflow`), so hostile nesting cannot grow memory. */
export const MAX_DEPTH = 1024;

export const HTML = tagInfo('html');
export const HEAD = tagInfo('head');
export const BODY = tagInfo('body');
export const P = tagInfo('p');
export const A = tagInfo('a');
export const SELECT = tagInfo('select');
export const TEMPLATE = tagInfo('template');
export const TABLE = tagInfo('table');
export const FRAMESET = tagInfo('frameset');
export const FORM = tagInfo('form');
export const BR = tagInfo('br');
export const RUBY = tagInfo('ruby');

export class ElementStack<Hook> {
  depth = 0;
  infos: TagInfo[] = [];
  protected ns: number[] = [];
  protected points: number[] = [];
  /** Per-entry data owned by the rewriter (pending end-tag work of a matched element). */
  hooks: (Hook | null)[] = [];
  /** Per-entry bit set of selector compounds the element matches (for combinators). */
  masks: number[] = [];
  /** Elements opened past MAX_DEPTH: counted, not stored; each end tag closes one. */
  protected overflow = 0;
  /** Open <p>, <select>, <table> and <a> elements, so the common path skips stack walks. */
  protected openP = 0;
  protected openSelect = 0;
  protected openTable = 0;
  protected openA = 0;
  /** Called for each popped entry that has a hook; `explicit` when its own end tag closed it. */
  onPop: (hook: Hook, explicit: boolean) => void = () => {};

  /** Whether the current node is foreign, so `<![CDATA[` opens a CDATA section. */
  inForeign(): boolean {
    return this.depth > 0 && this.ns[this.depth - 1] !== Ns.Html;
  }

  topInfo(): TagInfo | undefined {
    return this.depth > 0 ? this.infos[this.depth - 1] : undefined;
  }

  /** Pops everything (end of input): every open element ends without an end tag. */
  popAll(): void {
    while (this.depth > 0) this.popOne(false);
  }

  protected push(info: TagInfo, ns: Ns, point: Point): StartResult {
    const d = this.depth;
    if (d >= MAX_DEPTH) return StartResult.Closed;
    this.infos[d] = info;
    this.ns[d] = ns;
    this.points[d] = point;
    this.hooks[d] = null;
    this.masks[d] = 0;
    this.depth = d + 1;
    if (info === P) this.openP++;
    else if (info === SELECT) this.openSelect++;
    else if (info === TABLE) this.openTable++;
    else if (info === A) this.openA++;
    return StartResult.Pushed;
  }

  protected popOne(explicit: boolean): void {
    const d = --this.depth;
    this.uncount(this.infos[d]);
    const hook = this.hooks[d];
    if (hook !== null) {
      this.hooks[d] = null;
      this.onPop(hook, explicit);
    }
  }

  /** Pops entries down to and including `index`; only `index` itself may end explicitly. */
  protected popTo(index: number, explicit: boolean): void {
    while (this.depth > index + 1) this.popOne(false);
    if (this.depth > index) this.popOne(explicit);
  }

  /** Index of the nearest open element named `name` (HTML namespace), or -1. */
  protected find(info: TagInfo): number {
    for (let i = this.depth - 1; i >= 0; i--) if (this.infos[i] === info && this.ns[i] === Ns.Html) return i;
    return -1;
  }

  /**
   * "Has an element in scope": the nearest `target` (null: any heading) before a scope boundary. `extra` adds the
   * boundaries of button scope ('button'), list item scope ('list') or replaces them ('table').
   */
  protected inScope(target: TagInfo | null, kind: 'default' | 'button' | 'list' | 'table' = 'default'): number {
    for (let i = this.depth - 1; i >= 0; i--) {
      const info = this.infos[i];
      const ns = this.ns[i];
      if (ns === Ns.Html && (target === null ? (info.flags & TagFlag.Heading) !== 0 : info === target)) return i;
      if (ns !== Ns.Html) {
        if (kind !== 'table' && this.points[i] !== Point.None) return -1;
        continue;
      }
      const n = info.name;
      if (kind === 'table') {
        if (n === 'html' || n === 'table' || n === 'template') return -1;
        continue;
      }
      if (info.flags & TagFlag.Scope) return -1;
      if (kind === 'button' && n === 'button') return -1;
      if (kind === 'list' && (n === 'ol' || n === 'ul')) return -1;
    }
    return -1;
  }

  protected closeP(): void {
    if (this.openP === 0) return;
    const i = this.inScope(P, 'button');
    if (i >= 0) this.popTo(i, false);
  }

  /** The "special" category is per namespace: foreign entries are special at integration points. */
  protected isSpecial(i: number): boolean {
    return this.ns[i] === Ns.Html ? (this.infos[i].flags & TagFlag.Special) !== 0 : this.points[i] !== Point.None;
  }

  protected uncount(info: TagInfo): void {
    if (info === P) this.openP--;
    else if (info === SELECT) this.openSelect--;
    else if (info === TABLE) this.openTable--;
    else if (info === A) this.openA--;
  }

  /** Removes the entry at `index` from the middle of the stack (`</form>`, the adoption agency). */
  protected removeAt(index: number, explicit = true): void {
    if (index === this.depth - 1) return this.popOne(explicit);
    const hook = this.hooks[index];
    this.uncount(this.infos[index]);
    for (let k = index; k < this.depth - 1; k++) {
      this.infos[k] = this.infos[k + 1];
      this.ns[k] = this.ns[k + 1];
      this.points[k] = this.points[k + 1];
      this.hooks[k] = this.hooks[k + 1];
      this.masks[k] = this.masks[k + 1];
    }
    this.depth--;
    if (hook !== null) this.onPop(hook, explicit);
  }

  protected popWhile(pred: (info: TagInfo) => boolean): void {
    while (this.depth > 0 && this.ns[this.depth - 1] === Ns.Html && pred(this.infos[this.depth - 1])) this.popOne(false);
  }
}
