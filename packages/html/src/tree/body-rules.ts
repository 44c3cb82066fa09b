/**
 * The "in body" family of tree-construction rules, as far as element boundaries need them:
 * implied end tags, "in select", table parts, the form element pointer, frameset-ok and the
 * adoption agency (on the stack only; no DOM is built).
 */
import { TagFlag, TextMode, type TagInfo } from './tags.ts';
import {
  BODY, ElementStack, FORM, FRAMESET, HEAD, HTML, Ns, P, Phase, Point, RUBY, SELECT, StartResult, TABLE, TEMPLATE,
  type AttrLookup,
} from './stack.ts';

export class BodyRules<Hook> extends ElementStack<Hook> {
  /** Text mode the tokenizer must enter after the last start tag. */
  textMode: TextMode = TextMode.Data;
  /** Until body content appears, a <frameset> can still replace the body (WHATWG frameset-ok). */
  framesetOk = true;
  protected phase: Phase = Phase.BeforeBody;
  protected headSeen = false;
  /** The WHATWG "form element pointer": set by <form>, cleared only by </form>. */
  protected formPointer = false;
  protected bodySeen = false;

  /**
   * Past the start of the body (or in a frameset document): the head and body elements exist or
   * never will, so no later tag can create one of them.
   */
  get rootsSettled(): boolean {
    return this.bodySeen || this.phase === Phase.Frameset;
  }

  /** <frameset> in the body replaces it while frameset-ok holds; otherwise it is ignored. */
  protected framesetInBody(info: TagInfo): StartResult {
    if (!this.framesetOk || this.find(TEMPLATE) >= 0) return StartResult.Closed;
    while (this.depth > 0 && this.infos[this.depth - 1] !== HTML) this.popOne(false);
    this.phase = Phase.Frameset;
    this.framesetOk = false;
    return this.push(info, Ns.Html, Point.None);
  }

  /**
   * The adoption agency, as far as the stack is concerned: with a special element open above the
   * formatting element (a "furthest block"), the formatting element and the non-formatting elements
   * between them leave the stack and the block stays open; otherwise everything down to it is popped.
   */
  protected closeFormatting(index: number, explicit: boolean): void {
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

  protected htmlStart(info: TagInfo, selfClosing: boolean, attrs: AttrLookup): StartResult {
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
    if (info.flags & TagFlag.Heading) {
      while (this.depth > 0 && this.ns[this.depth - 1] === Ns.Html && this.infos[this.depth - 1].flags & TagFlag.Heading) this.popOne(false);
    } else if (info.flags & TagFlag.Named) switch (n) {
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
        if (info.flags & TagFlag.TablePart) {
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
  protected inSelect(info: TagInfo, select: number): StartResult | undefined {
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

  protected tableStart(n: string): void {
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
  protected endBodyOrHtml(info: TagInfo): boolean {
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

  protected htmlEnd(info: TagInfo): boolean {
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
      if (this.openTable > 0 && info.flags & TagFlag.TablePart && this.inScope(info, 'table') >= 0) this.popTo(select, false);
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
    else if (info.flags & TagFlag.TablePart) i = this.inScope(info, 'table');
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
