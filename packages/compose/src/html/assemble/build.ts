/**
 * Turns template events into parts, in document order: text becomes bytes, slots and ESI includes
 * become parts whose sub-requests start at once (so they run in parallel while earlier parts are
 * written), `<esi:choose>` keeps only the chosen branch (includes in other branches never start),
 * and `<esi:try>` decides between its attempt and its except once the attempt's includes answered.
 */
import { encodeUtf8 } from '../bytes.ts';
import { escapeAttribute } from '../escape.ts';
import { HtmlTemplateError } from '../errors.ts';
import { parseExpression, substituteVariables } from '../esi/expression.ts';
import type { EsiRequest } from '../esi/variables.ts';
import type { Attributes } from '../template/attributes.ts';
import type { BlockTag, Mark, TemplateEvent } from '../template/scanner.ts';
import { bytesPart, deferredPart, type Part } from './parts.ts';

export interface BuildEnv {
  readonly request: EsiRequest;
  /** The part of a `<weft-slot>`; `templateFallback` is the slot's children. */
  slot(name: string, templateFallback: string): Part;
  /** The part of an `<esi:include>` and whether it (or its `alt`) answered. */
  include(attributes: Attributes): { part: Part; ok: Promise<boolean> };
  /** The parts a place for assets gets (none when that place was taken already). */
  mark?(mark: Mark): readonly Part[];
}

/** Where parts go: an array, or the queue a streamed template feeds. */
export interface PartList {
  push(part: Part): unknown;
}

type Frame =
  | { tag: 'root' | 'branch'; parts: PartList | undefined; oks: Array<Promise<boolean>> | undefined }
  | { tag: 'choose'; matched: boolean; parts: PartList | undefined; oks: Array<Promise<boolean>> | undefined }
  | { tag: 'try'; attempt: Part[]; oks: Array<Promise<boolean>>; except: TemplateEvent[]; parts: PartList | undefined }
  | { tag: 'attempt'; parts: PartList | undefined; oks: Array<Promise<boolean>> | undefined }
  | { tag: 'except'; events: TemplateEvent[]; depth: number; parts: undefined; oks: undefined };

export class PartBuilder {
  private readonly stack: Frame[];
  private text = '';

  constructor(
    private readonly env: BuildEnv,
    root: PartList,
  ) {
    this.stack = [{ tag: 'root', parts: root, oks: undefined }];
  }

  private get top(): Frame {
    const frame = this.stack[this.stack.length - 1];
    if (frame === undefined) throw new HtmlTemplateError('template: more closing ESI tags than opening ones');
    return frame;
  }

  private flushText(): void {
    if (this.text === '') return;
    const bytes = encodeUtf8(this.text);
    this.text = '';
    this.top.parts?.push(bytesPart(bytes));
  }

  /** Whether output is being kept (false inside a branch that was not chosen). */
  private get live(): boolean {
    return this.top.parts !== undefined;
  }

  handle(event: TemplateEvent): void {
    const top = this.top;
    if (top.tag === 'except') {
      this.recordExcept(top, event);
      return;
    }
    if (event.type === 'text') {
      if (this.live) this.text += event.text;
      return;
    }
    this.flushText();
    switch (event.type) {
      case 'vars':
        if (this.live) this.text += substituteVariables(event.text, this.env.request, escapeAttribute);
        return;
      case 'slot':
        if (this.live) top.parts?.push(this.env.slot(event.name, event.fallback));
        return;
      case 'include':
        if (this.live) {
          const { part, ok } = this.env.include(event.attributes);
          top.parts?.push(part);
          top.oks?.push(ok);
        }
        return;
      case 'mark':
        if (this.live) for (const part of this.env.mark?.(event.mark) ?? []) top.parts?.push(part);
        return;
      case 'open':
        this.open(event.tag, event.attributes);
        return;
      case 'close':
        this.close(event.tag);
        return;
    }
  }

  private recordExcept(frame: Extract<Frame, { tag: 'except' }>, event: TemplateEvent): void {
    if (event.type === 'open' && event.tag === 'except') frame.depth++;
    if (event.type === 'close' && event.tag === 'except' && frame.depth-- === 0) {
      this.stack.pop();
      return;
    }
    frame.events.push(event);
  }

  private open(tag: BlockTag, attributes: Attributes): void {
    const top = this.top;
    const live = this.live;
    switch (tag) {
      case 'choose':
        this.stack.push({ tag: 'choose', matched: false, parts: live ? top.parts : undefined, oks: top.oks });
        return;
      case 'when':
      case 'otherwise': {
        if (top.tag !== 'choose') throw new HtmlTemplateError(`template: <esi:${tag}> must be directly inside <esi:choose>`);
        let chosen = false;
        if (tag === 'when') {
          const test = attributes.test;
          if (test === undefined) throw new HtmlTemplateError('template: <esi:when> needs a test attribute, e.g. test="$(HTTP_COOKIE{tier}) == \'gold\'"');
          const expression = parseExpression(test);
          chosen = top.parts !== undefined && !top.matched && expression.evaluate(this.env.request);
        } else {
          chosen = top.parts !== undefined && !top.matched;
        }
        if (chosen) top.matched = true;
        this.stack.push({ tag: 'branch', parts: chosen ? top.parts : undefined, oks: chosen ? top.oks : undefined });
        return;
      }
      case 'try':
        this.stack.push({ tag: 'try', attempt: [], oks: [], except: [], parts: live ? top.parts : undefined });
        return;
      case 'attempt':
        if (top.tag !== 'try') throw new HtmlTemplateError('template: <esi:attempt> must be directly inside <esi:try>');
        this.stack.push({ tag: 'attempt', parts: top.parts === undefined ? undefined : top.attempt, oks: top.oks });
        return;
      case 'except':
        if (top.tag !== 'try') throw new HtmlTemplateError('template: <esi:except> must be directly inside <esi:try>');
        this.stack.push({ tag: 'except', events: top.except, depth: 0, parts: undefined, oks: undefined });
        return;
    }
  }

  private close(tag: BlockTag): void {
    const frame = this.stack.pop();
    const expected = frame === undefined ? 'root' : frame.tag === 'branch' ? 'when|otherwise' : frame.tag;
    if (frame === undefined || frame.tag === 'root' || !expected.split('|').includes(tag)) {
      throw new HtmlTemplateError(`template: </esi:${tag}> does not close the open ${expected === 'root' ? 'document' : `<esi:${expected}>`}`);
    }
    if (frame.tag === 'try' && frame.parts !== undefined) frame.parts.push(this.tryPart(frame));
  }

  private tryPart(frame: Extract<Frame, { tag: 'try' }>): Part {
    const { attempt, oks, except } = frame;
    const decide = Promise.all(oks).then((results) => {
      if (results.every(Boolean)) return attempt;
      for (const part of attempt) part.cancel('esi:attempt failed');
      const parts: Part[] = [];
      const builder = new PartBuilder(this.env, parts);
      for (const event of except) builder.handle(event);
      builder.end();
      return parts;
    });
    return deferredPart(decide, (reason) => {
      for (const part of attempt) part.cancel(reason);
    });
  }

  end(): void {
    this.flushText();
    if (this.stack.length !== 1) {
      throw new HtmlTemplateError(`template: <esi:${this.top.tag === 'branch' ? 'when' : this.top.tag}> is never closed`);
    }
  }

  /** Hands on pending text (a streamed template calls it after each chunk). */
  flush(): void {
    this.flushText();
  }
}
