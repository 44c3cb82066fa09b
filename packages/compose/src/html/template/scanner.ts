/**
 * A chunk-safe scanner for assembly templates. It is not an HTML parser: like an ESI processor it
 * only looks for its own constructs, wherever they are (except inside ordinary comments), and hands
 * every other character on untouched. Recognised:
 *
 * - `<weft-slot name="x">fallback markup</weft-slot>` (or self-closing): a named slot;
 * - with `marks` on (assembly): `<weft-styles>`, `<weft-scripts>` and the start of `</head` and
 *   `</body` as `mark` events, the places fragment assets may go (the tags themselves are passed
 *   on untouched, the `weft-` markers dropped);
 * - ESI 1.0: `<esi:include src alt onerror/>`, `<esi:remove>…</esi:remove>`, `<esi:comment/>`,
 *   `<esi:choose>/<esi:when test>/<esi:otherwise>`, `<esi:try>/<esi:attempt>/<esi:except>`,
 *   `<esi:vars>…</esi:vars>` and the `<!--esi … -->` wrapper.
 *
 * Only a tag's unfinished tail is kept between chunks, so memory does not grow with the template.
 */
import { findTagEnd, parseAttributes, type Attributes } from './attributes.ts';
import { HtmlTemplateError } from '../errors.ts';

export type BlockTag = 'choose' | 'when' | 'otherwise' | 'try' | 'attempt' | 'except';

export type TemplateEvent =
  | { type: 'text'; text: string }
  | { type: 'slot'; name: string; fallback: string; attributes: Attributes }
  | { type: 'include'; attributes: Attributes }
  | { type: 'vars'; text: string }
  | { type: 'open'; tag: BlockTag; attributes: Attributes }
  | { type: 'close'; tag: BlockTag }
  | { type: 'mark'; mark: Mark };

/** Where fragment assets may go: explicit markers, and the implicit ends of head and body. */
export type Mark = 'styles' | 'scripts' | 'head-end' | 'body-end';

export interface ScannerOptions {
  /** Emit `mark` events (definePage turns this on; plain scans leave it off). */
  marks?: boolean;
}

const BLOCK_TAGS: ReadonlySet<string> = new Set(['choose', 'when', 'otherwise', 'try', 'attempt', 'except']);
const SUPPORTED = 'include, remove, comment, vars, choose, when, otherwise, try, attempt, except';
const OPENERS = ['<!--esi', '<!--', '<esi:', '</esi:', '<weft-slot', '</weft-slot'];
const MARK_OPENERS = ['</head', '</body', '<weft-styles', '<weft-scripts', '</weft-styles', '</weft-scripts'];
const MARK_TAG = /^<(\/?)weft-(styles|scripts)[\s/>]/;
const END_TAG = /^<\/(head|body)[\s/>]/;
/** Longest tag or buffered block (slot fallback, esi:vars) accepted before the template is rejected. */
const MAX_TAG = 8 * 1024;
const MAX_BLOCK = 64 * 1024;
const SLOT_CLOSE = /<\/weft-slot\s*>/i;
/** A start of SLOT_CLOSE that the next chunk may complete. */
const SLOT_CLOSE_START = /^<(?:\/(?:w(?:e(?:f(?:t(?:-(?:s(?:l(?:o(?:t\s*)?)?)?)?)?)?)?)?)?)?$/i;

type Mode = 'markup' | 'comment' | 'remove' | 'slot' | 'vars';

export class TemplateScanner {
  private buffer = '';
  private mode: Mode = 'markup';
  /** Inside `<!--esi … -->`: the content is processed and the next `-->` is dropped. */
  private inEsiComment = false;
  private block = '';
  private slot: { name: string; attributes: Attributes } | undefined;
  private consumed = 0;

  constructor(
    private readonly emit: (event: TemplateEvent) => void,
    private readonly templateName = 'template',
    private readonly options: ScannerOptions = {},
  ) {}

  write(chunk: string): void {
    this.buffer += chunk;
    const kept = this.scan(false);
    this.consumed += this.buffer.length - kept.length;
    this.buffer = kept;
  }

  end(): void {
    this.scan(true);
    this.buffer = '';
    if (this.mode === 'slot') throw this.error(`<weft-slot name="${this.slot?.name ?? ''}"> is never closed`);
    if (this.mode === 'vars') throw this.error('<esi:vars> is never closed');
    if (this.mode === 'remove') throw this.error('<esi:remove> is never closed');
  }

  private error(message: string): HtmlTemplateError {
    return new HtmlTemplateError(`${this.templateName}: ${message} (near character ${this.consumed})`);
  }

  private text(text: string): void {
    if (text === '') return;
    if (this.mode === 'slot' || this.mode === 'vars') {
      this.block += text;
      if (this.block.length > MAX_BLOCK) throw this.error(`a ${this.mode === 'slot' ? '<weft-slot>' : '<esi:vars>'} block is longer than ${MAX_BLOCK} characters`);
    } else if (this.mode !== 'remove') {
      this.emit({ type: 'text', text });
    }
  }

  /** Scans the buffer; returns the unfinished tail to keep (everything when `final`: nothing kept). */
  private scan(final: boolean): string {
    const buf = this.buffer;
    let pos = 0;
    while (pos < buf.length) {
      if (this.mode === 'comment') {
        const end = buf.indexOf('-->', pos);
        if (end === -1) return this.keepTail(buf, pos, 2, final);
        this.text(buf.slice(pos, end + 3));
        this.mode = 'markup';
        pos = end + 3;
        continue;
      }
      const closer = this.closerFor(buf, pos);
      if (closer !== undefined) {
        if (closer.at === -1) return this.keepTail(buf, pos, closer.keep, final);
        this.text(buf.slice(pos, closer.at));
        pos = closer.at + closer.length;
        this.finishBlock();
        continue;
      }
      const lt = buf.indexOf('<', pos);
      const esiEnd = this.inEsiComment ? buf.indexOf('-->', pos) : -1;
      if (esiEnd !== -1 && (lt === -1 || esiEnd < lt)) {
        this.text(buf.slice(pos, esiEnd));
        this.inEsiComment = false;
        pos = esiEnd + 3;
        continue;
      }
      if (lt === -1) return this.keepTail(buf, pos, this.inEsiComment ? 2 : 0, final);
      this.text(buf.slice(pos, lt));
      const next = this.construct(buf, lt, final);
      if (next === -1) return buf.slice(lt);
      pos = next;
    }
    return '';
  }

  private keepTail(buf: string, pos: number, keep: number, final: boolean): string {
    const cut = final ? buf.length : Math.max(pos, buf.length - keep);
    this.text(buf.slice(pos, cut));
    return buf.slice(cut);
  }

  /** In a block mode, where the block's end tag is (`at` -1: not yet seen, keep `keep` chars). */
  private closerFor(buf: string, pos: number): { at: number; length: number; keep: number } | undefined {
    if (this.mode === 'remove') return this.literalCloser(buf, pos, '</esi:remove>');
    if (this.mode === 'vars') return this.literalCloser(buf, pos, '</esi:vars>');
    if (this.mode !== 'slot') return undefined;
    const m = SLOT_CLOSE.exec(buf.slice(pos));
    if (m !== null) return { at: pos + m.index, length: m[0].length, keep: 0 };
    // Keep a tail that may still become the end tag, whatever whitespace it holds so far.
    const lt = buf.lastIndexOf('<');
    const tail = lt >= pos && buf.length - lt <= MAX_TAG && SLOT_CLOSE_START.test(buf.slice(lt));
    return { at: -1, length: 0, keep: tail ? buf.length - lt : 0 };
  }

  private literalCloser(buf: string, pos: number, tag: string): { at: number; length: number; keep: number } {
    return { at: buf.indexOf(tag, pos), length: tag.length, keep: tag.length - 1 };
  }

  private finishBlock(): void {
    if (this.mode === 'slot' && this.slot !== undefined) {
      this.emit({ type: 'slot', name: this.slot.name, fallback: this.block, attributes: this.slot.attributes });
    } else if (this.mode === 'vars') {
      this.emit({ type: 'vars', text: this.block });
    }
    this.mode = 'markup';
    this.block = '';
    this.slot = undefined;
  }

  /** Handles the construct at `lt`; returns where scanning resumes, or -1 to wait for more input. */
  private construct(buf: string, lt: number, final: boolean): number {
    if (this.options.marks === true) {
      const next = this.mark(buf, lt, final);
      if (next !== undefined) return next;
    }
    const head = buf.slice(lt, lt + 12).toLowerCase();
    if (!final && head.length < 11 && OPENERS.some((o) => o.length > head.length && o.startsWith(head))) return -1;
    if (head.startsWith('<!--esi')) {
      this.inEsiComment = true;
      return lt + 7;
    }
    if (head.startsWith('<!--')) {
      this.text('<!--');
      this.mode = this.mode === 'markup' ? 'comment' : this.mode;
      return lt + 4;
    }
    const isEsi = buf.startsWith('<esi:', lt) || buf.startsWith('</esi:', lt);
    const isSlot = /^<\/?weft-slot[\s/>]/.test(head);
    if (!isEsi && !isSlot) {
      if (!final && /^<\/?weft-slot$/.test(head)) return -1;
      this.text('<');
      return lt + 1;
    }
    const end = findTagEnd(buf, lt);
    if (end === -1) {
      if (final) throw this.error(`a tag starting ${JSON.stringify(buf.slice(lt, lt + 40))} is never closed with ">"`);
      if (buf.length - lt > MAX_TAG) throw this.error(`a tag is longer than ${MAX_TAG} characters`);
      return -1;
    }
    const tag = buf.slice(lt, end + 1);
    if (isSlot) this.slotTag(tag);
    else this.esiTag(tag);
    return end + 1;
  }

  /** An asset mark at `lt` (where resuming, -1 to wait), or undefined when there is none. */
  private mark(buf: string, lt: number, final: boolean): number | undefined {
    const ahead = buf.slice(lt, lt + 16).toLowerCase();
    // Wait while the buffer ends inside what may still become a marker or an end tag.
    if (!final && ahead.length < 16 && MARK_OPENERS.some((o) => o.startsWith(ahead) || o === ahead)) return -1;
    const end = END_TAG.exec(ahead);
    if (end !== null) {
      this.emit({ type: 'mark', mark: end[1] === 'head' ? 'head-end' : 'body-end' });
      this.text('<');
      return lt + 1;
    }
    const marker = MARK_TAG.exec(ahead);
    if (marker === null) return undefined;
    const close = findTagEnd(buf, lt);
    if (close === -1) {
      if (final) throw this.error(`a tag starting ${JSON.stringify(buf.slice(lt, lt + 40))} is never closed with ">"`);
      return -1;
    }
    if (marker[1] === '') this.emit({ type: 'mark', mark: marker[2] === 'styles' ? 'styles' : 'scripts' });
    return close + 1;
  }

  private slotTag(tag: string): void {
    if (tag.startsWith('</')) throw this.error('</weft-slot> without a matching <weft-slot>');
    const attributes = parseAttributes(tag.slice(10, tag.endsWith('/>') ? -2 : -1));
    const name = attributes.name;
    if (name === undefined || name === '') throw this.error(`${tag} needs a name attribute, e.g. <weft-slot name="hero"></weft-slot>`);
    if (tag.endsWith('/>')) {
      this.emit({ type: 'slot', name, fallback: '', attributes });
      return;
    }
    this.mode = 'slot';
    this.slot = { name, attributes };
  }

  private esiTag(tag: string): void {
    const closing = tag.startsWith('</');
    const nameMatch = /^<\/?esi:([a-z]+)/.exec(tag);
    const name = nameMatch?.[1] ?? '';
    const selfClosing = tag.endsWith('/>');
    const attributes = parseAttributes(tag.slice((nameMatch?.[0].length ?? 0), selfClosing ? -2 : -1));
    if (name === 'include' || name === 'comment') {
      if (!closing && name === 'include') this.emit({ type: 'include', attributes });
      return;
    }
    if (name === 'remove' || name === 'vars') {
      if (closing) throw this.error(`</esi:${name}> without a matching <esi:${name}>`);
      if (!selfClosing) this.mode = name;
      return;
    }
    if (!BLOCK_TAGS.has(name)) throw this.error(`<esi:${name}> is not supported (supported: ${SUPPORTED})`);
    const block = name as BlockTag;
    if (closing) this.emit({ type: 'close', tag: block });
    else {
      this.emit({ type: 'open', tag: block, attributes });
      if (selfClosing) this.emit({ type: 'close', tag: block });
    }
  }
}

/** Scans a whole template string into its events. */
export function scanTemplate(template: string, templateName?: string, options?: ScannerOptions): TemplateEvent[] {
  const events: TemplateEvent[] = [];
  const scanner = new TemplateScanner((e) => events.push(e), templateName, options);
  scanner.write(template);
  scanner.end();
  return events;
}
