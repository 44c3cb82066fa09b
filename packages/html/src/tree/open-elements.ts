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

export const enum StartResult {
  /** The element is on the stack until its end. */
  Pushed = 1,
  /** Void, self-closing foreign, or ignored by tree construction: it ends with its start tag. */
  Closed = 2,
}

/** Deeper elements are treated as closed right away, so hostile nesting cannot grow memory. */
export const MAX_DEPTH = 1024;

const HTML = tagInfo('html');
const HEAD = tagInfo('head');
const BODY = tagInfo('body');
const P = tagInfo('p');
const A = tagInfo('a');
const SELECT = tagInfo('select');
const TEMPLATE = tagInfo('template');
const TABLE = tagInfo('table');

export class OpenElements<Hook> {
  depth = 0;
  infos: TagInfo[] = [];
  private ns: number[] = [];
  private points: number[] = [];
  /** Per-entry data owned by the rewriter (pending end-tag work of a matched element). */
  hooks: (Hook | null)[] = [];
  /** Per-entry bit set of selector compounds the element matches (for combinators). */
  masks: number[] = [];
  /** Text mode the tokenizer must enter after the last start tag. */
  textMode: TextMode = TextMode.Data;
  /** Open <p>, <select>, <table> and <a> elements, so the common path skips stack walks. */
  private openP = 0;
  private openSelect = 0;
  private openTable = 0;
  private openA = 0;
  /** Called for each popped entry that has a hook; `explicit` when its own end tag closed it. */
  onPop: (hook: Hook, explicit: boolean) => void = () => {};

  /** Whether the current node is foreign, so `<![CDATA[` opens a CDATA section. */
  inForeign(): boolean {
    return this.depth > 0 && this.ns[this.depth - 1] !== Ns.Html;
  }

  topInfo(): TagInfo | undefined {
    return this.depth > 0 ? this.infos[this.depth - 1] : undefined;
  }

  startTag(info: TagInfo, selfClosing: boolean, attrs: AttrLookup): StartResult {
    this.textMode = TextMode.Data;
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

  endTag(info: TagInfo): boolean {
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
    const info = this.infos[d];
    if (info === P) this.openP--;
    else if (info === SELECT) this.openSelect--;
    else if (info === TABLE) this.openTable--;
    else if (info === A) this.openA--;
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
   * "Has an element in scope": the nearest `match` before a scope boundary. `extra` adds the
   * boundaries of button scope ('button'), list item scope ('list') or replaces them ('table').
   */
  private inScope(match: (info: TagInfo) => boolean, kind: 'default' | 'button' | 'list' | 'table' = 'default'): number {
    for (let i = this.depth - 1; i >= 0; i--) {
      const info = this.infos[i];
      const ns = this.ns[i];
      if (ns === Ns.Html && match(info)) return i;
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
    const i = this.inScope((x) => x === P, 'button');
    if (i >= 0) this.popTo(i, false);
  }

  private popWhile(pred: (info: TagInfo) => boolean): void {
    while (this.depth > 0 && this.ns[this.depth - 1] === Ns.Html && pred(this.infos[this.depth - 1])) this.popOne(false);
  }

  private htmlStart(info: TagInfo, selfClosing: boolean, attrs: AttrLookup): StartResult {
    const n = info.name;
    if (info === HTML) return this.find(HTML) >= 0 ? StartResult.Closed : this.push(info, Ns.Html, Point.None);
    if (info === HEAD) {
      for (let i = 0; i < this.depth; i++) if (this.infos[i] !== HTML) return StartResult.Closed;
      return this.push(info, Ns.Html, Point.None);
    }
    if (this.depth > 0 && this.infos[this.depth - 1] === HEAD && !(info.flags & TagFlag.HeadContent)) this.popOne(false);
    if (info === BODY) return this.find(BODY) >= 0 ? StartResult.Closed : this.push(info, Ns.Html, Point.None);

    const select = this.openSelect > 0 ? this.find(SELECT) : -1;
    if (select >= 0 && this.find(TEMPLATE) < select) {
      const r = this.inSelect(info, select);
      if (r !== undefined) return r;
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
          if (x.flags & TagFlag.Special && x.name !== 'address' && x.name !== 'div' && x.name !== 'p') break;
        }
        break;
      case 'a': {
        const i = this.openA > 0 ? this.find(info) : -1;
        if (i >= 0) this.popTo(i, false);
        break;
      }
      case 'nobr':
      case 'button': {
        const i = this.inScope((x) => x === info);
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
        if (this.inScope((x) => x.name === 'ruby') >= 0) this.popWhile((x) => (x.flags & TagFlag.ImpliedEnd) !== 0 && (n === 'rb' || n === 'rtc' || x.name !== 'rtc'));
        break;
      default:
        if (info.flags & TagFlag.Heading) this.popWhile((x) => (x.flags & TagFlag.Heading) !== 0);
        else if (this.openTable > 0 && TABLE_PARTS.has(n)) this.tableStart(n);
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
      case 'caption':
      case 'table':
      case 'tbody':
      case 'tfoot':
      case 'thead':
      case 'tr':
      case 'td':
      case 'th':
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
        const i = this.inScope((x) => x === TABLE, 'table');
        if (i >= 0) this.popTo(i, false);
        break;
      }
    }
  }

  private htmlEnd(info: TagInfo): boolean {
    const n = info.name;
    let i = -1;
    if (info === BODY || info === HTML) i = this.inScope((x) => x === info);
    else if (info === P) i = this.inScope((x) => x === P, 'button');
    else if (n === 'li') i = this.inScope((x) => x === info, 'list');
    else if (info.flags & TagFlag.Heading) i = this.inScope((x) => (x.flags & TagFlag.Heading) !== 0);
    else if (TABLE_PARTS.has(n) || n === 'table') i = this.inScope((x) => x === info, 'table');
    else if (n === 'br') return false;
    else if (info.flags & (TagFlag.Special | TagFlag.Formatting)) i = this.inScope((x) => x === info);
    else {
      for (let k = this.depth - 1; k >= 0; k--) {
        const x = this.infos[k];
        if (x === info && this.ns[k] === Ns.Html) {
          i = k;
          break;
        }
        if (x.flags & TagFlag.Special) break;
      }
    }
    if (i < 0) return false;
    this.popTo(i, this.infos[i] === info);
    return true;
  }
}

const TABLE_PARTS = new Set(['caption', 'colgroup', 'col', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th', 'table']);
