/**
 * Async slots (`async: true`): the slot's place gets a placeholder showing its fallback at once,
 * and the fragment is written at the end of the body when it is ready, in the order fragments
 * become ready, inside a `<template>` that a tiny inline script moves into the placeholder. The
 * rest of the page never waits for it. Without JavaScript (or when the fragment fails) the
 * placeholder keeps the fallback. The script carries the page's CSP nonce when it has one.
 */
import type { AssetCollector } from '../assets/collector.ts';
import { encodeUtf8 } from '../bytes.ts';
import { escapeAttribute } from '../escape.ts';
import type { SlotPart } from './fragment.ts';
import type { Part } from './parts.ts';

export interface AsyncSlot {
  id: string;
  name: string;
  part: SlotPart;
}

/** Where the slot is in the document: a placeholder holding its fallback until the fragment moves in. */
export function placeholderMarkup(slot: { id: string; name: string }, fallback: string): string {
  return `<weft-async id="${slot.id}" data-slot="${escapeAttribute(slot.name)}">${fallback}</weft-async>`;
}

function moveScript(id: string, nonce: string | undefined): string {
  const n = nonce === undefined ? '' : ` nonce="${escapeAttribute(nonce)}"`;
  return `<script${n}>(function(){var t=document.getElementById("${id}-fill"),p=document.getElementById("${id}");if(t&&p){p.replaceWith(t.content);t.remove()}})()</script>`;
}

/** One async fragment at the end of the body; nothing at all when it wrote nothing (failed: the placeholder's fallback stays). */
async function* writeAsync(slot: AsyncSlot, assets: AssetCollector): AsyncGenerator<Uint8Array, void, undefined> {
  let opened = false;
  for await (const chunk of slot.part.chunks()) {
    if (!opened) {
      opened = true;
      yield encodeUtf8(`${assets.before(slot.name)}<template id="${slot.id}-fill">`);
    }
    yield chunk;
  }
  if (opened) yield encodeUtf8(`</template>${moveScript(slot.id, assets.nonce)}${assets.after(slot.name)}`);
}

/** The end of the body: each async slot written as soon as it is ready, until all are. */
export class AsyncTail implements Part {
  private readonly slots: AsyncSlot[] = [];
  private count = 0;

  constructor(private readonly assets: AssetCollector) {}

  /** A new async slot's id, unique in the page. */
  nextId(): string {
    return `weft-async-${this.count++}`;
  }

  add(slot: AsyncSlot): void {
    this.slots.push(slot);
  }

  async *chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    const pending = new Set<AsyncSlot>();
    for (;;) {
      for (const slot of this.slots.splice(0)) pending.add(slot);
      if (pending.size === 0) return;
      const ready = await Promise.race([...pending].map((slot) => slot.part.whenDecided().then(() => slot)));
      pending.delete(ready);
      // Cancelled (its `<esi:attempt>` failed, the page was dropped): its outcome is reported already.
      if (!ready.part.isCancelled) yield* writeAsync(ready, this.assets);
    }
  }

  cancel(reason: unknown): void {
    for (const slot of this.slots.splice(0)) slot.part.cancel(reason);
  }
}
