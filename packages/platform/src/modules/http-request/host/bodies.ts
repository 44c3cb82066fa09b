/**
 * Response bodies the realm can still reach, by host byte source id: registered with the
 * HostContext (which serves `response.body` reads) and kept here for `text()`/`json()` and release.
 */
import type { HostContext } from '../../../host/host-context.ts';
import type { SubrequestBody } from './body-source.ts';
import { IdTable } from '../../../host/id-table.ts';

export class BodyRegistry {
  readonly #ctx: HostContext;
  readonly #bodies = new IdTable<SubrequestBody>();

  constructor(ctx: HostContext) {
    this.#ctx = ctx;
  }

  add(body: SubrequestBody): number {
    const id = this.#ctx.addSource(body);
    this.#bodies.set(id, body);
    body.onForget = () => this.#bodies.delete(id);
    return id;
  }

  get(id: number): SubrequestBody | undefined {
    return this.#bodies.get(id);
  }

  /** The realm reads body `id` no more: unregister it without ending its exchange. */
  release(id: number): void {
    const body = this.#bodies.get(id);
    if (body === undefined) return;
    body.released = true;
    // The HostContext forgets the source and calls its cancel, which only unregisters it here.
    this.#ctx.sourceCancel(id, 'released');
  }
}
