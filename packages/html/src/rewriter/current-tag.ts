/**
 * The start tag being processed, seen by the tree rules (a few read attributes) and the selector
 * matcher. One instance is reused for every tag; the Element (and its attribute parse) is only
 * created when something actually asks for an attribute or a handler matches.
 */
import type { TagInfo } from '../tree/tags.ts';
import { ElementImpl } from './element.ts';

export class CurrentTag {
  info!: TagInfo;
  pushed = false;
  private buf!: Uint8Array;
  private start = 0;
  private nameEnd = 0;
  private end = 0;
  private el: ElementImpl | undefined;

  reset(info: TagInfo, buf: Uint8Array, start: number, nameEnd: number, end: number): void {
    this.info = info;
    this.buf = buf;
    this.start = start;
    this.nameEnd = nameEnd;
    this.end = end;
    this.el = undefined;
  }

  get tag(): string {
    return this.info.name;
  }

  element(): ElementImpl {
    if (this.el === undefined) this.el = new ElementImpl(this.info.name, this.pushed, this.buf, this.start, this.nameEnd, this.end);
    return this.el;
  }

  attr(name: string): string | undefined {
    return this.element().attr(name);
  }

  /** AttrLookup for the tree rules. */
  get(name: string): string | undefined {
    return this.element().attr(name);
  }
}
