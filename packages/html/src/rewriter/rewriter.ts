/**
 * The streaming rewriter: bytes in, bytes out, any chunking.
 *
 * The hot loop jumps from `<` to `<` with native `indexOf`, reads each tag name into an interned
 * TagInfo, keeps the open-element stack, and only parses attributes when a selector or a tree rule
 * needs them. Output is lazy: untouched input leaves as subarrays of the input chunks (zero copy),
 * cut only where something is inserted, replaced or removed. Only an unfinished token at a chunk
 * end is copied (into `tail`), so memory is bounded by the largest token.
 */
import { utf8Encode } from '../bytes.ts';
import { RewriterStateError } from '../errors.ts';
import { Role, SelectorSet } from '../selector/matcher.ts';
import { findByte, ScanInput } from '../tokenizer/find-byte.ts';
import { MarkupScanner, TAG_NAME_END, TokenKind } from '../tokenizer/markup-scanner.ts';
import { TextScanner } from '../tokenizer/text-scanner.ts';
import { OpenElements, StartResult } from '../tree/open-elements.ts';
import { BODY, HEAD, HTML } from '../tree/stack.ts';
import { LOWER, TextMode, tagInfoAt, tagInfoByKey, type TagInfo } from '../tree/tags.ts';
import { CurrentTag } from './current-tag.ts';
import type { Element, ElementImpl } from './element.ts';

export type ElementHandler = (el: Element) => void;
export type Sink = (chunk: Uint8Array) => void;

/** A start or end tag as the tokenizer saw it, at its byte offset in the input stream. */
export interface TagToken {
  kind: 'start' | 'end';
  /** Lower-case name. */
  name: string;
  offset: number;
}

export interface RewriterOptions {
  /** Sees every start and end tag token (diagnostics and the differential test against parse5). */
  observeTags?: (token: TagToken) => void;
}

const enum Pending {
  None,
  /** A markup token (tag, comment, ...) started in an earlier chunk. */
  Markup,
  /** A possible raw-text end tag (`</scr`) started in an earlier chunk. */
  TextCandidate,
}

const EMPTY = new Uint8Array(0);

export class HtmlRewriter {
  private readonly selectors = new SelectorSet();
  private readonly handlers: ElementHandler[] = [];
  private readonly markup = new MarkupScanner();
  private readonly text = new TextScanner();
  private readonly stack = new OpenElements<ElementImpl>();
  private readonly current = new CurrentTag();
  private buf: Uint8Array = EMPTY;
  /** `buf` as the scanners read it. */
  private readonly input = new ScanInput();
  private flushFrom = 0;
  /** The token being processed: implicit ends happen at its start, explicit ones cover it. */
  private tokStart = 0;
  private tokEnd = 0;
  /** The element whose content is being removed (replaceWith / replaceChildren), if any. */
  private removing: ElementImpl | null = null;
  private pending = Pending.None;
  /** The element whose raw text the text scanner is reading. */
  private rawText: TagInfo = HTML;
  private tail = new Uint8Array(256);
  private tailLen = 0;
  private ended = false;
  /** Stream offset of `buf[0]`. */
  private bufOffset = 0;
  private readonly observe: ((token: TagToken) => void) | undefined;
  /** Elements with work left at their end (append, after, a removal in progress). */
  private pendingHooks = 0;
  /** Whether the selectors allow forwarding once nothing is pending; undefined: not worked out yet. */
  private canForward: boolean | undefined;
  /**
   * Nothing can change in the rest of the document: it passes through untouched, unparsed. Either
   * no handler is registered, or every selector names head or body, which both exist once the
   * body has started (a later `<head>` or `<body>` tag creates no element), and neither has work
   * left at its end. This is what makes the common injection (a script before `</head>`, a banner
   * at the top of `<body>`) cost nothing past the body's start tag.
   */
  private forwarding = false;

  constructor(
    private readonly sink: Sink,
    options: RewriterOptions = {},
  ) {
    this.observe = options.observeTags;
    this.stack.onPop = (el, explicit) => this.closeElement(el, explicit);
  }

  /** Registers a handler; throws SelectorError (naming the bad part) for unsupported selectors. */
  on(selector: string, handler: ElementHandler): void {
    if (typeof handler !== 'function') {
      throw new TypeError(`onElement(selector, handler): handler must be a function, got ${handler === null ? 'null' : typeof handler}`);
    }
    if (this.forwarding) {
      throw new RewriterStateError(`onElement(${JSON.stringify(selector)}): the rewriter is already passing the rest of the document through untouched; register every handler before writing to it`);
    }
    this.selectors.add(selector);
    this.handlers.push(handler);
    this.canForward = undefined;
  }

  write(chunk: Uint8Array): void {
    if (this.ended) throw new RewriterStateError('HtmlRewriter.write() was called after end(); create a new rewriter for every stream (spec §13)');
    if (chunk.length === 0) return;
    if (!this.forwarding && this.handlers.length === 0 && this.pending === Pending.None && this.forwardable()) this.forwarding = true;
    if (this.forwarding) {
      this.sink(chunk);
      this.bufOffset += chunk.length;
      return;
    }
    this.buf = chunk;
    this.input.set(chunk);
    this.flushFrom = 0;
    let pos = 0;
    if (this.pending !== Pending.None) pos = this.resume(chunk);
    if (pos >= 0) this.run(pos);
    this.bufOffset += chunk.length;
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.buf = EMPTY;
    this.input.set(EMPTY);
    this.flushFrom = 0;
    // EOF inside a token: the tokenizer drops an unfinished tag; its bytes pass through as text.
    if (this.pending !== Pending.None) this.emitTail();
    this.tokStart = 0;
    this.tokEnd = 0;
    this.stack.popAll();
  }

  private run(from: number): void {
    const buf = this.buf;
    const input = this.input;
    const end = buf.length;
    const markup = this.markup;
    const text = this.text;
    let pos = from;
    while (pos < end && !this.forwarding) {
      if (text.mode !== TextMode.Data) {
        const r = text.scan(input, pos, end);
        if (r < 0) {
          if (text.candLen > 0) return this.suspend(end - text.candLen, Pending.TextCandidate);
          break;
        }
        const ts = r - text.candLen;
        markup.beginEndTagAfterName(text.nameLength);
        const te = markup.scan(input, r, end);
        if (te < 0) return this.suspend(ts, Pending.Markup);
        // The end tag names the raw text element (case aside), so its info is that element's.
        this.endTag(ts, te, this.rawText);
        this.afterToken();
        pos = te;
        continue;
      }
      const lt = findByte(buf, input.words, 0x3c, pos, end);
      if (this.stack.framesetOk) this.stack.noteText(buf, pos, lt < 0 ? end : lt);
      if (lt < 0) break;
      // Fast path for the common tag: `<name` or `</name` complete in this chunk. The name is read
      // here; attributes (if any) go to the scanner's attribute states.
      let ns = lt + 1;
      let c = ns < end ? buf[ns] : 0;
      const isEnd = c === 0x2f;
      if (isEnd) c = ++ns < end ? buf[ns] : 0;
      if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) {
        // The name's first four bytes, lower-cased and packed, are the tag-name cache's key.
        let low = c | 0x20;
        let i = ns + 1;
        for (let shift = 8; i < end; i++, shift += 8) {
          const b = buf[i];
          if (TAG_NAME_END[b] !== 0) break;
          if (shift < 32) low |= LOWER[b] << shift;
        }
        if (i < end) {
          const d = buf[i];
          let te = i + 1;
          markup.beginAfterName(isEnd ? TokenKind.EndTag : TokenKind.StartTag, ns - lt, i - lt, d === 0x2f);
          if (d !== 0x3e) te = markup.scan(input, i + 1, end);
          if (te >= 0) {
            const info = i - ns <= 4 ? tagInfoByKey(buf, ns, i, low, 0) : tagInfoAt(buf, ns, i);
            if (isEnd) this.endTag(lt, te, info);
            else this.startTag(buf, lt, te, info);
            this.afterToken();
            pos = te;
            continue;
          }
        }
      }
      markup.beginAfterLt(this.stack.inForeign());
      const te = markup.scan(input, lt + 1, end);
      if (te < 0) return this.suspend(lt, Pending.Markup);
      if (markup.kind !== TokenKind.Text) this.token(buf, lt, te);
      else if (this.stack.framesetOk) this.stack.noteText(buf, lt, te);
      pos = te;
    }
    this.flushTo(end);
  }

  /** Continues a token that started in an earlier chunk; -1 when the whole chunk joined the tail. */
  private resume(chunk: Uint8Array): number {
    const end = chunk.length;
    const text = this.text;
    if (this.pending === Pending.TextCandidate) {
      const r = text.scan(this.input, 0, end);
      const cl = text.candLen;
      if (r < 0) {
        if (cl > end) return this.absorb(chunk);
        this.emitTail();
        if (cl > 0) {
          this.suspend(end - cl, Pending.TextCandidate);
          return -1;
        }
        return end;
      }
      this.markup.beginEndTagAfterName(text.nameLength);
      const ts = r - cl;
      if (ts >= 0) {
        this.emitTail();
        const te = this.markup.scan(this.input, r, end);
        if (te < 0) {
          this.suspend(ts, Pending.Markup);
          return -1;
        }
        this.token(chunk, ts, te);
        return te;
      }
      const te = this.markup.scan(this.input, r, end);
      if (te < 0) {
        this.pending = Pending.Markup;
        return this.absorb(chunk);
      }
      this.completeJoined(chunk, te);
      return te;
    }
    const te = this.markup.scan(this.input, 0, end);
    if (te < 0) return this.absorb(chunk);
    if (this.markup.kind === TokenKind.Text) {
      if (this.stack.framesetOk) this.stack.noteText(this.tail, 0, this.tailLen);
      this.emitTail();
      return te;
    }
    this.completeJoined(chunk, te);
    return te;
  }

  /** The token is `tail + chunk[0, te)`: process it from one contiguous copy. */
  private completeJoined(chunk: Uint8Array, te: number): void {
    const joined = new Uint8Array(this.tailLen + te);
    joined.set(this.tail.subarray(0, this.tailLen), 0);
    joined.set(chunk.subarray(0, te), this.tailLen);
    this.pending = Pending.None;
    this.tailLen = 0;
    if (this.tail.length > 65536) this.tail = new Uint8Array(256);
    const offset = this.bufOffset;
    this.buf = joined;
    this.bufOffset = offset - (joined.length - te);
    this.flushFrom = 0;
    this.token(joined, 0, joined.length);
    this.flushTo(joined.length);
    this.buf = chunk;
    this.bufOffset = offset;
    this.flushFrom = te;
  }

  private suspend(ts: number, kind: Pending): void {
    const end = this.buf.length;
    this.flushTo(ts);
    this.tailLen = 0;
    this.appendTail(this.buf, ts, end);
    this.pending = kind;
    this.flushFrom = end;
  }

  private absorb(chunk: Uint8Array): number {
    this.appendTail(chunk, 0, chunk.length);
    return -1;
  }

  private appendTail(src: Uint8Array, from: number, to: number): void {
    const need = this.tailLen + (to - from);
    if (need > this.tail.length) {
      const grown = new Uint8Array(Math.max(need, this.tail.length * 2));
      grown.set(this.tail.subarray(0, this.tailLen), 0);
      this.tail = grown;
    }
    this.tail.set(src.subarray(from, to), this.tailLen);
    this.tailLen = need;
  }

  /** The pending bytes turned out to be text (or EOF came first): pass them on as they are. */
  private emitTail(): void {
    if (this.tailLen > 0 && this.removing === null) this.sink(this.tail.slice(0, this.tailLen));
    this.tailLen = 0;
    this.pending = Pending.None;
  }

  private flushTo(p: number): void {
    if (p > this.flushFrom) {
      if (this.removing === null) this.sink(this.buf.subarray(this.flushFrom, p));
      this.flushFrom = p;
    }
  }

  private skipTo(p: number): void {
    if (p > this.flushFrom) this.flushFrom = p;
  }

  private insert(html: string): void {
    if (html !== '') this.sink(utf8Encode(html));
  }

  private token(buf: Uint8Array, ts: number, te: number): void {
    const m = this.markup;
    if (m.kind === TokenKind.StartTag) this.startTag(buf, ts, te, tagInfoAt(buf, ts + m.nameStart, ts + m.nameEnd));
    else if (m.kind === TokenKind.EndTag) this.endTag(ts, te, tagInfoAt(buf, ts + m.nameStart, ts + m.nameEnd));
    this.afterToken();
  }

  /** Once the rest can no longer change, it passes through unparsed. */
  private afterToken(): void {
    if (this.canForward !== false && this.pendingHooks === 0 && this.removing === null && this.stack.rootsSettled && this.forwardable()) this.forwarding = true;
  }

  private forwardable(): boolean {
    this.canForward ??= this.observe === undefined && (this.handlers.length === 0 || this.selectors.onlyHeadAndBody());
    return this.canForward;
  }

  private startTag(buf: Uint8Array, ts: number, te: number, info: TagInfo): void {
    const m = this.markup;
    const nameEnd = ts + m.nameEnd;
    if (this.observe !== undefined) this.observe({ kind: 'start', name: info.name, offset: this.bufOffset + ts });
    const cur = this.current;
    this.tokStart = ts;
    this.tokEnd = te;
    cur.reset(info, buf, ts, nameEnd, te);
    const stack = this.stack;
    const res = stack.startTag(info, m.selfClosing, cur);
    const textMode = stack.textMode;
    const sel = this.selectors;
    const role = this.handlers.length > 0 ? sel.roleOf(info) : Role.None;
    if (role !== Role.None && this.removing === null && !(res !== StartResult.Pushed && isDocumentRoot(info))) {
      const pushed = res === StartResult.Pushed;
      cur.pushed = pushed;
      if (pushed && role & Role.Ancestor) stack.masks[stack.depth - 1] = sel.ancestorMask(info.name, cur);
      const alts = role & Role.Subject ? sel.candidates(info) : undefined;
      if (alts !== undefined) {
        const regs = sel.match(alts, cur, stack, pushed ? stack.depth - 2 : stack.depth - 1);
        if (regs.length > 0) this.runHandlers(regs, cur.element(), pushed, ts, te);
      }
    }
    if (textMode !== TextMode.Data) {
      this.rawText = info;
      this.text.begin(textMode, info.name);
    }
  }

  private runHandlers(regs: number[], el: ElementImpl, pushed: boolean, ts: number, te: number): void {
    try {
      for (const r of regs) {
        el.selector = this.selectors.sources[r];
        this.handlers[r](el);
      }
    } finally {
      el.valid = false;
    }
    const startWork =
      el.beforeList.length > 0 ||
      el.attrsChanged ||
      el.replacement !== undefined ||
      (pushed ? el.prependList.length > 0 || el.children !== undefined : el.afterList.length > 0);
    if (startWork) {
      this.flushTo(ts);
      for (const s of el.beforeList) this.insert(s);
      if (el.replacement !== undefined) {
        this.skipTo(te);
        this.insert(el.replacement);
        if (pushed) this.removing = el;
      } else {
        if (el.attrsChanged) {
          // One chunk for the rewritten tag (fewer, larger chunks downstream).
          const parts = el.serializeStartTag(utf8Encode);
          let n = 0;
          for (const part of parts) n += part.length;
          const tag = new Uint8Array(n);
          n = 0;
          for (const part of parts) {
            tag.set(part, n);
            n += part.length;
          }
          this.sink(tag);
          this.skipTo(te);
        } else this.flushTo(te);
        if (pushed) {
          for (let i = el.prependList.length - 1; i >= 0; i--) this.insert(el.prependList[i]);
          if (el.children !== undefined) {
            this.insert(el.children);
            this.removing = el;
          }
        }
      }
      if (!pushed) for (let i = el.afterList.length - 1; i >= 0; i--) this.insert(el.afterList[i]);
    }
    const endWork = el.appendList.length > 0 || el.afterList.length > 0 || el.implicitClose || this.removing === el;
    if (pushed && endWork) {
      this.stack.hooks[this.stack.depth - 1] = el;
      this.pendingHooks++;
    }
  }

  private endTag(ts: number, te: number, info: TagInfo): void {
    if (this.observe !== undefined) this.observe({ kind: 'end', name: info.name, offset: this.bufOffset + ts });
    if (this.text.mode !== TextMode.Data) this.text.begin(TextMode.Data, '');
    this.tokStart = ts;
    this.tokEnd = te;
    this.stack.endTag(info);
  }

  /** An element with pending work ends: explicitly by its end tag, or implicitly at `tokStart`. */
  private closeElement(el: ElementImpl, explicit: boolean): void {
    this.pendingHooks--;
    this.flushTo(this.tokStart);
    if (this.removing === el) this.removing = null;
    if (el.replacement === undefined) {
      for (const s of el.appendList) this.insert(s);
      if (explicit) this.flushTo(this.tokEnd);
      else if (el.implicitClose) this.insert(`</${el.tag}>`);
    } else if (explicit) this.skipTo(this.tokEnd);
    for (let i = el.afterList.length - 1; i >= 0; i--) this.insert(el.afterList[i]);
  }
}

/**
 * A start tag of html, head or body that creates no element: the element exists already (or the
 * tag is otherwise ignored), and tree construction only merges its attributes. Handlers match
 * elements (spec §13: the parser emulates DOM construction), so they do not run for it.
 */
function isDocumentRoot(info: TagInfo): boolean {
  return info === HTML || info === HEAD || info === BODY;
}
