/**
 * Just enough tree construction to know element boundaries while streaming: the stack of open
 * elements with namespaces, the implied end tags of the WHATWG "in body", "in table" and
 * "in select" rules, foreign content (svg, math) with its integration points and breakout tags.
 * It never builds a DOM. Where the real algorithm would restructure the tree (adoption agency,
 * foster parenting), it approximates by popping to the named element; see the package README.
 */
import { TagFlag, TextMode, tagInfo, type TagInfo } from './tags.ts';

export const enum Ns {
  Html = 0,
  Svg = 1,
  MathMl = 2,
}

const enum Point {
  None = 0,
  MathText = 1,
  Html = 2,
  AnnotationXml = 3,
}

/** Attributes of the start tag being processed, read only for the few rules that need them. */
export interface AttrLookup {
  get(name: string): string | undefined;
}

const enum Phase {
  /** Initial, before html/head, in head, after head. */
  BeforeBody,
  InBody,
  /** In frameset or after frameset: only frameset, frame and noframes are not ignored. */
  Frameset,
}

export const enum StartResult {
  /** The element is on the stack until its end. */
  Pushed = 1,
  /** Void, self-closing foreign, or ignored by tree construction: it ends with its start tag. */
  Closed = 2,
}

/** Past this depth, elements are only counted (see `overflow`), so hostile nesting cannot grow memory. */
export const MAX_DEPTH = 1024;

const HTML = tagInfo('html');
const HEAD = tagInfo('head');
const BODY = tagInfo('body');
const P = tagInfo('p');
const A = tagInfo('a');
const SELECT = tagInfo('select');
const TEMPLATE = tagInfo('template');
const TABLE = tagInfo('table');
const FRAMESET = tagInfo('frameset');
const FORM = tagInfo('form');
const BR = tagInfo('br');
const RUBY = tagInfo('ruby');

export class OpenElements<Hook> {
  depth = 0;
  infos: TagInfo[] = [];
  private ns: number[] = [];
  private points: number[] = [];
  /** Per-entry data owned by the rewriter (pending end-tag work of a matched element). */
  hooks: (Hook | null)[] = [];
  /** Per-entry bit set of selector compounds the element matches (for combinators). */
  masks: number[] = [];
  /** Elements opened past MAX_DEPTH: counted, not stored; each end tag closes one. */
  private overflow = 0;
  /** Text mode the tokenizer must enter after the last start tag. */
  textMode: TextMode = TextMode.Data;
  /** Open <p>, <select>, <table> and <a> elements, so the common path skips stack walks. */
  private openP = 0;
  private openSelect = 0;
  private openTable = 0;
  private openA = 0;
  /** Until body content appears, a <frameset> can still replace the body (WHATWG frameset-ok). */
  framesetOk = true;
  private phase: Phase = Phase.BeforeBody;
  private headSeen = false;
  /** The WHATWG "form element pointer": set by <form>, cleared only by </form>. */
  private formPointer = false;
  private bodySeen = false;
  /** Called for each popped entry that has a hook; `explicit` when its own end tag closed it. */
  onPop: (hook: Hook, explicit: boolean) => void = () => {};

  /** Whether the current node is foreign, so `<![CDATA[` opens a CDATA section. */
  inForeign(): boolean {
    return this.depth > 0 && this.ns[this.depth - 1] !== Ns.Html;
  }

  topInfo(): TagInfo | undefined {
    return this.depth > 0 ? this.infos[this.depth - 1] : undefined;
  }

  /**
   * Text in the data state: anything but whitespace (and NUL, which the body ignores) starts the
   * body and ends frameset-ok. Only called while `framesetOk`.
   */
  noteText(buf: Uint8Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const c = buf[i];
      if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0c && c !== 0x0d && c !== 0) {
        if (this.phase === Phase.Frameset) return;
        this.framesetOk = false;
        // Text inside a <template> in the head does not start the body.
        if (this.find(TEMPLATE) >= 0) return;
        if (this.depth > 0 && this.infos[this.depth - 1] === HEAD) this.popOne(false);
        this.phase = Phase.InBody;
        this.bodySeen = true;
        this.framesetOk = false;
        return;
      }
    }
  }

  startTag(info: TagInfo, selfClosing: boolean, attrs: AttrLookup): StartResult {
    this.textMode = TextMode.Data;
    const last = this.depth - 1;
    // Fast path: in the body, in HTML content, outside select, a tag no rule names just opens.
    if (info.flags & TagFlag.Plain && this.phase === Phase.InBody && this.openSelect === 0 && last >= 0 && last < MAX_DEPTH - 1 && this.ns[last] === Ns.Html && this.infos[last] !== HEAD) {
      return this.push(info, Ns.Html, Point.None);
    }
    if (this.depth >= MAX_DEPTH) {
      // Past the depth limit only nesting is counted, so hostile nesting cannot grow memory.
      const foreign = this.inForeign();
      if (!(info.flags & TagFlag.Void) && !(foreign && selfClosing)) this.overflow++;
      if (!foreign) this.textMode = info.text;
      return StartResult.Closed;
    }
    if (this.phase !== Phase.InBody) {
      const r = this.beforeBodyOrFrameset(info);
      if (r !== undefined) return r;
    }
    const top = this.depth - 1;
    if (top >= 0 && this.ns[top] !== Ns.Html && !this.htmlRulesApply(top, info)) {
      const breakout =
        (info.flags & TagFlag.Breakout) !== 0 ||
        (info.name === 'font' && (attrs.get('color') !== undefined || attrs.get('face') !== undefined || attrs.get('size') !== undefined));
      if (!breakout) return this.pushForeign(info, this.ns[top], selfClosing, attrs);
      while (this.depth > 0 && this.ns[this.depth - 1] !== Ns.Html && this.points[this.depth - 1] !== Point.Html && this.points[this.depth - 1] !== Point.MathText) {
        this.popOne(false);
      }
    }
    return this.htmlStart(info, selfClosing, attrs);
  }

  /** Start tags before the body and in frameset documents; undefined: use the regular rules. */
  private beforeBodyOrFrameset(info: TagInfo): StartResult | undefined {
    const n = info.name;
    if (this.phase === Phase.Frameset) {
      if (n === 'frameset') return this.find(FRAMESET) >= 0 ? this.push(info, Ns.Html, Point.None) : StartResult.Closed;
      if (n === 'noframes') {
        this.textMode = info.text;
        return this.push(info, Ns.Html, Point.None);
      }
      return StartResult.Closed;
    }
    if (n === 'frameset') {
      if (this.find(TEMPLATE) >= 0) return StartResult.Closed;
      if (this.depth > 0 && this.infos[this.depth - 1] === HEAD) this.popOne(false);
      this.phase = Phase.Frameset;
      this.framesetOk = false;
      return this.push(info, Ns.Html, Point.None);
    }
    if (n !== 'html' && n !== 'head' && !(info.flags & TagFlag.HeadContent) && this.find(TEMPLATE) < 0) {
      // Body content implies the body; an explicit <body> after it only adds attributes.
      if (n !== 'body') this.bodySeen = true;
      this.phase = Phase.InBody;
      if (n === 'body') this.framesetOk = false;
    }
    return undefined;
  }

  /** <frameset> in the body replaces it while frameset-ok holds; otherwise it is ignored. */
  private framesetInBody(info: TagInfo): StartResult {
    if (!this.framesetOk || this.find(TEMPLATE) >= 0) return StartResult.Closed;
    while (this.depth > 0 && this.infos[this.depth - 1] !== HTML) this.popOne(false);
    this.phase = Phase.Frameset;
    this.framesetOk = false;
    return this.push(info, Ns.Html, Point.None);
  }

  endTag(info: TagInfo): boolean {
    // Fast path: the end tag of the current node, an HTML element no end-tag rule names.
    const last = this.depth - 1;
    if (info.flags & TagFlag.Plain && last >= 0 && this.infos[last] === info && this.ns[last] === Ns.Html && this.overflow === 0 && this.openSelect === 0 && this.phase === Phase.InBody) {
      this.popOne(true);
      return true;
    }
    if (this.overflow > 0) {
      this.overflow--;
      return false;
    }
    if ((info === P || info === BR) && this.inForeign()) {
      // </p> and </br> break out of foreign content, like the breakout start tags.
      while (this.depth > 0 && this.ns[this.depth - 1] !== Ns.Html && this.points[this.depth - 1] !== Point.Html && this.points[this.depth - 1] !== Point.MathText) {
        this.popOne(false);
      }
      return this.htmlEnd(info);
    }
    if (this.phase === Phase.Frameset) {
      const i = info === FRAMESET || info.name === 'noframes' ? this.find(info) : -1;
      if (i >= 0) this.popTo(i, true);
      return i >= 0;
    }
    // Foreign content: close the nearest element of that name, until an HTML element is reached.
    for (let i = this.depth - 1; i >= 0 && this.ns[i] !== Ns.Html; i--) {
      if (this.infos[i] === info) {
        this.popTo(i, true);
        return true;
      }
    }
    return this.htmlEnd(info);
  }

  /** Pops everything (end of input): every open element ends without an end tag. */
  popAll(): void {
    while (this.depth > 0) this.popOne(false);
  }

  private htmlRulesApply(top: number, info: TagInfo): boolean {
    const point = this.points[top];
    if (point === Point.Html) return true;
    if (point === Point.MathText) return info.name !== 'mglyph' && info.name !== 'malignmark';
    if (point === Point.AnnotationXml) return info.name === 'svg';
    return false;
  }

  private pushForeign(info: TagInfo, ns: Ns, selfClosing: boolean, attrs: AttrLookup): StartResult {
    if (selfClosing) return StartResult.Closed;
    let point = Point.None;
    const n = info.name;
    if (ns === Ns.Svg && (n === 'foreignobject' || n === 'desc' || n === 'title')) point = Point.Html;
    else if (ns === Ns.MathMl && (n === 'mi' || n === 'mo' || n === 'mn' || n === 'ms' || n === 'mtext')) point = Point.MathText;
    else if (ns === Ns.MathMl && n === 'annotation-xml') {
      const enc = attrs.get('encoding')?.toLowerCase();
      point = enc === 'text/html' || enc === 'application/xhtml+xml' ? Point.Html : Point.AnnotationXml;
    }
    return this.push(info, ns, point);
  }

  private push(info: TagInfo, ns: Ns, point: Point): StartResult {
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

  private popOne(explicit: boolean): void {
    const d = --this.depth;
    this.uncount(this.infos[d]);
    const hook = this.hooks[d];
    if (hook !== null) {
      this.hooks[d] = null;
      this.onPop(hook, explicit);
    }
  }

  /** Pops entries down to and including `index`; only `index` itself may end explicitly. */
  private popTo(index: number, explicit: boolean): void {
    while (this.depth > index + 1) this.popOne(false);
    if (this.depth > index) this.popOne(explicit);
  }

  /** Index of the nearest open element named `name` (HTML namespace), or -1. */
  private find(info: TagInfo): number {
    for (let i = this.depth - 1; i >= 0; i--) if (this.infos[i] === info && this.ns[i] === Ns.Html) return i;
    return -1;
  }

  /**
   * "Has an element in scope": the nearest `target` (null: any heading) before a scope boundary. `extra` adds the
   * boundaries of button scope ('button'), list item scope ('list') or replaces them ('table').
   */
  private inScope(target: TagInfo | null, kind: 'default' | 'button' | 'list' | 'table' = 'default'): number {
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

  private closeP(): void {
    if (this.openP === 0) return;
    const i = this.inScope(P, 'button');
    if (i >= 0) this.popTo(i, false);
  }

  /** The "special" category is per namespace: foreign entries are special at integration points. */
  private isSpecial(i: number): boolean {
    return this.ns[i] === Ns.Html ? (this.infos[i].flags & TagFlag.Special) !== 0 : this.points[i] !== Point.None;
  }

  /**
   * The adoption agency, as far as the stack is concerned: with a special element open above the
   * formatting element (a "furthest block"), the formatting element and the non-formatting elements
   * between them leave the stack and the block stays open; otherwise everything down to it is popped.
   */
  private closeFormatting(index: number, explicit: boolean): void {
    let from = index;
    let first = true;
    // The outer loop of the algorithm runs at most 8 times; each round a clone of the formatting
    // element sits right above the block, and the next round starts from it.
    for (let round = 0; round < 8; round++) {
      let block = -1;
      for (let k = from + 1; k < this.depth && block < 0; k++) if (this.isSpecial(k)) block = k;
      if (block < 0) {
        if (first) this.popTo(from, explicit);
        else while (this.depth > from + 1) this.popOne(false);
        return;
      }
      // Between the formatting element and the block, only formatting elements survive (as clones).
      for (let k = block - 1; k > from; k--) {
        if (this.ns[k] !== Ns.Html || !(this.infos[k].flags & TagFlag.Formatting)) {
          this.removeAt(k, false);
          block--;
        }
      }
      if (first) {
        this.removeAt(from, explicit);
        block--;
        first = false;
      }
      from = block;
    }
  }

  private uncount(info: TagInfo): void {
    if (info === P) this.openP--;
    else if (info === SELECT) this.openSelect--;
    else if (info === TABLE) this.openTable--;
    else if (info === A) this.openA--;
  }

  /** Removes the entry at `index` from the middle of the stack (`</form>`, the adoption agency). */
  private removeAt(index: number, explicit = true): void {
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

  private popWhile(pred: (info: TagInfo) => boolean): void {
    while (this.depth > 0 && this.ns[this.depth - 1] === Ns.Html && pred(this.infos[this.depth - 1])) this.popOne(false);
  }

  private htmlStart(info: TagInfo, selfClosing: boolean, attrs: AttrLookup): StartResult {
    const n = info.name;
    // The root, head and body exist once; later tags only add attributes (so they are not pushed).
    if (info === HTML) return this.depth === 0 && !this.headSeen && this.phase === Phase.BeforeBody ? this.push(info, Ns.Html, Point.None) : StartResult.Closed;
    if (info === HEAD) {
      if (this.headSeen || this.phase !== Phase.BeforeBody) return StartResult.Closed;
      this.headSeen = true;
      return this.push(info, Ns.Html, Point.None);
    }
    if (this.depth > 0 && this.infos[this.depth - 1] === HEAD && !(info.flags & TagFlag.HeadContent)) this.popOne(false);
    if (info === BODY) {
      this.framesetOk = false;
      if (this.bodySeen) return StartResult.Closed;
      this.bodySeen = true;
      return this.push(info, Ns.Html, Point.None);
    }
    if (info === FRAMESET) return this.framesetInBody(info);
    if (this.framesetOk && info.flags & TagFlag.FramesetNotOk) this.framesetOk = n === 'input' && attrs.get('type')?.toLowerCase() === 'hidden';

    const select = this.openSelect > 0 ? this.find(SELECT) : -1;
    if (select >= 0 && this.find(TEMPLATE) < select) {
      const r = this.inSelect(info, select);
      if (r !== undefined) return r;
    }

    if (info === TEMPLATE) this.framesetOk = false;
    if (info === FORM) {
      const inTemplate = this.find(TEMPLATE) >= 0;
      if (this.formPointer && !inTemplate) return StartResult.Closed;
      if (!inTemplate) this.formPointer = true;
    }
    if (info.flags & TagFlag.ClosesP) this.closeP();
    switch (n) {
      case 'li':
      case 'dd':
      case 'dt':
        for (let i = this.depth - 1; i >= 0; i--) {
          const x = this.infos[i];
          if (x.name === n || (n !== 'li' && (x.name === 'dd' || x.name === 'dt'))) {
            this.popTo(i, false);
            break;
          }
          if (this.isSpecial(i) && x.name !== 'address' && x.name !== 'div' && x.name !== 'p') break;
        }
        break;
      case 'a': {
        const i = this.openA > 0 ? this.find(info) : -1;
        // An open <a> is closed by the adoption agency when in scope; otherwise it just leaves the stack.
        if (i >= 0) {
          if (this.inScope(info) === i) this.closeFormatting(i, false);
          else this.removeAt(i, false);
        }
        break;
      }
      case 'nobr':
      case 'button': {
        const i = this.inScope(info);
        if (i >= 0) this.popTo(i, false);
        break;
      }
      case 'option':
        this.popWhile((x) => x.name === 'option');
        break;
      case 'optgroup':
        this.popWhile((x) => x.name === 'option');
        break;
      case 'rb':
      case 'rtc':
      case 'rp':
      case 'rt':
        if (this.inScope(RUBY) >= 0) this.popWhile((x) => (x.flags & TagFlag.ImpliedEnd) !== 0 && (n === 'rb' || n === 'rtc' || x.name !== 'rtc'));
        break;
      default:
        if (info.flags & TagFlag.Heading) this.popWhile((x) => (x.flags & TagFlag.Heading) !== 0);
        else if (TABLE_PARTS.has(n)) {
          // Outside a table, "in body" ignores table parts (and frame): they open no element.
          if (this.openTable === 0 && n !== 'table') return StartResult.Closed;
          this.tableStart(n);
        } else if (n === 'frame') return StartResult.Closed;
    }
    if (info.flags & TagFlag.Void) return StartResult.Closed;
    if (n === 'svg' || n === 'math') {
      if (selfClosing) return StartResult.Closed;
      return this.push(info, n === 'svg' ? Ns.Svg : Ns.MathMl, Point.None);
    }
    this.textMode = info.text;
    return this.push(info, Ns.Html, Point.None);
  }

  /** "In select" insertion mode; undefined means: process with the in-body rules. */
  private inSelect(info: TagInfo, select: number): StartResult | undefined {
    switch (info.name) {
      case 'option':
      case 'optgroup':
        this.popWhile((x) => x.name === 'option' || (info.name === 'optgroup' && x.name === 'optgroup'));
        return this.push(info, Ns.Html, Point.None);
      case 'hr':
        this.popWhile((x) => x.name === 'option' || x.name === 'optgroup');
        return StartResult.Closed;
      case 'select':
        this.popTo(select, false);
        return StartResult.Closed;
      case 'input':
      case 'keygen':
      case 'textarea':
        this.popTo(select, false);
        return undefined;
      case 'caption':
      case 'table':
      case 'tbody':
      case 'tfoot':
      case 'thead':
      case 'tr':
      case 'td':
      case 'th':
        // "In select in table": table parts close the select; in a plain select they are ignored.
        if (this.openTable === 0) return StartResult.Closed;
        this.popTo(select, false);
        return undefined;
      case 'script':
      case 'template':
        return undefined;
      default:
        return StartResult.Closed;
    }
  }

  private tableStart(n: string): void {
    const stopAt = (names: string[]): void => {
      for (let i = this.depth - 1; i >= 0; i--) {
        const x = this.infos[i].name;
        if (names.includes(x)) {
          if (x === n || (n === 'table' && x === 'table')) this.popTo(i, false);
          else this.popTo(i + 1, false);
          return;
        }
      }
    };
    switch (n) {
      case 'td':
      case 'th':
        stopAt(['td', 'th', 'tr', 'tbody', 'thead', 'tfoot', 'table', 'template', 'html']);
        break;
      case 'tr':
        stopAt(['tr', 'tbody', 'thead', 'tfoot', 'table', 'template', 'html']);
        break;
      case 'tbody':
      case 'thead':
      case 'tfoot':
      case 'caption':
      case 'colgroup':
      case 'col':
        stopAt(['table', 'template', 'html']);
        break;
      case 'table': {
        const i = this.inScope(TABLE, 'table');
        if (i >= 0) this.popTo(i, false);
        break;
      }
    }
  }

  /**
   * `</body>` and `</html>` close nothing in the tree (later content still lands in the body, and
   * foreign content stays foreign), but they are where the body's and html's own insertion points
   * are: their end work runs here, and so does that of elements still open inside them.
   */
  private endBodyOrHtml(info: TagInfo): boolean {
    const i = this.inScope(info);
    if (i < 0) return false;
    for (let k = this.depth - 1; k >= i; k--) {
      const hook = this.hooks[k];
      if (hook === null) continue;
      this.hooks[k] = null;
      this.onPop(hook, k === i);
    }
    return true;
  }

  private htmlEnd(info: TagInfo): boolean {
    const n = info.name;
    let i = -1;
    const select = this.openSelect > 0 ? this.find(SELECT) : -1;
    if (select >= 0 && this.find(TEMPLATE) < select) {
      // "In select": only these end tags do anything.
      if (n === 'option' || n === 'optgroup') {
        if (n === 'optgroup' && this.topInfo()?.name === 'option' && this.depth >= 2 && this.infos[this.depth - 2].name === 'optgroup') this.popOne(false);
        if (this.topInfo()?.name !== n) return false;
        this.popOne(true);
        return true;
      }
      if (info === SELECT) {
        this.popTo(select, true);
        return true;
      }
      if (this.openTable > 0 && TABLE_PARTS.has(n) && this.inScope(info, 'table') >= 0) this.popTo(select, false);
      else if (n !== 'template') return false;
    }
    if (info === BODY || info === HTML) return this.endBodyOrHtml(info);
    if (info === FORM && this.find(TEMPLATE) < 0) {
      // The form element pointer: </form> removes that form only, wherever it is on the stack.
      const had = this.formPointer;
      this.formPointer = false;
      const at = had ? this.inScope(FORM) : -1;
      if (at < 0) return false;
      this.popWhile((x) => (x.flags & TagFlag.ImpliedEnd) !== 0);
      this.removeAt(at);
      return true;
    }
    if (info === P) i = this.inScope(P, 'button');
    else if (n === 'li') i = this.inScope(info, 'list');
    else if (info.flags & TagFlag.Heading) i = this.inScope(null);
    else if (TABLE_PARTS.has(n) || n === 'table') i = this.inScope(info, 'table');
    else if (n === 'br') return false;
    else if (info.flags & TagFlag.Formatting) {
      i = this.inScope(info);
      if (i >= 0) this.closeFormatting(i, true);
      return i >= 0;
    } else if (info.flags & TagFlag.Special) i = this.inScope(info);
    else {
      for (let k = this.depth - 1; k >= 0; k--) {
        const x = this.infos[k];
        if (x === info && this.ns[k] === Ns.Html) {
          i = k;
          break;
        }
        if (this.isSpecial(k)) break;
      }
    }
    if (i < 0) return false;
    this.popTo(i, this.infos[i] === info);
    return true;
  }
}

const TABLE_PARTS = new Set(['caption', 'colgroup', 'col', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th', 'table']);
