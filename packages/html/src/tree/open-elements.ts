/**
 * Just enough tree construction to know element boundaries while streaming: the stack of open
 * elements with namespaces, the implied end tags of the WHATWG "in body", "in table" and
 * "in select" rules, foreign content (svg, math) with its integration points and breakout tags.
 * It never builds a DOM; see the package README for what it approximates. This file holds the
 * dispatch (phases, foreign content); body-rules.ts the "in body" rules; stack.ts the storage.
 */
import { TagFlag, TextMode, type TagInfo } from './tags.ts';
import { BodyRules } from './body-rules.ts';
import { BR, FRAMESET, HEAD, MAX_DEPTH, Ns, P, Phase, Point, StartResult, TEMPLATE, type AttrLookup } from './stack.ts';

export { Ns, StartResult, MAX_DEPTH, type AttrLookup } from './stack.ts';

export class OpenElements<Hook> extends BodyRules<Hook> {
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
    // Fast path: in the body, in HTML content, outside select, a tag no start-tag rule names by
    // name (nor a heading) ends frameset-ok and closes a <p> where it must, and opens unless void.
    const flags = info.flags;
    if ((flags & (TagFlag.Named | TagFlag.Heading)) === 0 && this.phase === Phase.InBody && this.openSelect === 0 && last >= 0 && last < MAX_DEPTH - 1 && this.ns[last] === Ns.Html && this.infos[last] !== HEAD) {
      if (flags & TagFlag.FramesetNotOk) this.framesetOk = false;
      if (flags & TagFlag.ClosesP) this.closeP();
      if (flags & TagFlag.Void) return StartResult.Closed;
      this.textMode = info.text;
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
  protected beforeBodyOrFrameset(info: TagInfo): StartResult | undefined {
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

  endTag(info: TagInfo): boolean {
    // Fast path: the end tag of the current node, an HTML element whose end tag has no rule of its own.
    const last = this.depth - 1;
    if (info.flags & TagFlag.PopsOnOwnEnd && last >= 0 && this.infos[last] === info && this.ns[last] === Ns.Html && this.overflow === 0 && this.openSelect === 0 && this.phase === Phase.InBody) {
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

  protected htmlRulesApply(top: number, info: TagInfo): boolean {
    const point = this.points[top];
    if (point === Point.Html) return true;
    if (point === Point.MathText) return info.name !== 'mglyph' && info.name !== 'malignmark';
    if (point === Point.AnnotationXml) return info.name === 'svg';
    return false;
  }

  protected pushForeign(info: TagInfo, ns: Ns, selfClosing: boolean, attrs: AttrLookup): StartResult {
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
}
