/**
 * Replaces splice markers in a rewritten page with streamed contents, at the reader's pace. Only
 * NUL bytes are looked at; everything else passes through as the rewriter produced it (no copies,
 * except a marker's unfinished start carried to the next chunk).
 */
import type { ByteStream } from '../bytes.ts';
import { ReadableStream } from '../platform.ts';
import type { Part } from '../assemble/parts.ts';
import { matchMarker, type MarkerSet } from './marker.ts';

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

export function splice(source: ByteStream, markers: MarkerSet, contents: ReadonlyMap<number, Part>, onEnd: () => void): ByteStream {
  const reader = source.getReader();
  const used = new Set<number>();
  async function* spliced(): AsyncGenerator<Uint8Array, void, undefined> {
    let carry: Uint8Array | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Each content's marker is written once (see inject.ts): with all of them placed, the rest
      // of the page cannot hold another, and passes through without being looked at.
      if (used.size === contents.size && carry === undefined) {
        yield value as Uint8Array;
        continue;
      }
      const chunk: Uint8Array = carry === undefined ? (value as Uint8Array) : concat(carry, value as Uint8Array);
      carry = undefined;
      let pos = 0;
      let from = 0;
      for (;;) {
        const at = chunk.indexOf(0, from);
        if (at === -1) {
          if (pos < chunk.byteLength) yield pos === 0 ? chunk : chunk.subarray(pos);
          break;
        }
        const match = matchMarker(chunk, at, markers);
        if (match.kind === 'none') {
          from = at + 1;
          continue;
        }
        if (at > pos) yield chunk.subarray(pos, at);
        if (match.kind === 'partial') {
          carry = chunk.slice(at);
          break;
        }
        const part = contents.get(match.id);
        if (part !== undefined && !used.has(match.id)) {
          used.add(match.id);
          yield* part.chunks();
        }
        pos = from = match.end;
        if (used.size === contents.size) {
          if (pos < chunk.byteLength) yield chunk.subarray(pos);
          break;
        }
      }
    }
    if (carry !== undefined) yield carry;
    onEnd();
  }
  const chunks = spliced();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done === true) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        onEnd();
        controller.error(error);
      }
    },
    cancel(reason) {
      onEnd();
      // The page is being cancelled: a source that fails to cancel has no reader left to tell.
      void reader.cancel(reason).catch(() => {});
      void chunks.return(undefined).catch(() => {});
    },
  });
}
