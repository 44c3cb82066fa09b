/**
 * The assembled page is a sequence of parts written in document order. A part knows how to yield
 * its bytes; it never throws (a failure becomes fallback markup), so one bad fragment cannot break
 * the page once its status line has left.
 */
import { encodeUtf8 } from '../bytes.ts';

export interface Part {
  /** Yields the part's bytes in order. Called at most once, when every part before it is written. */
  chunks(): AsyncGenerator<Uint8Array, void, undefined>;
  /** Releases what the part holds (a sub-request body) when it will never be written. */
  cancel(reason: unknown): void;
}

/** Bytes known up front: template text, rendered values. */
export function bytesPart(bytes: Uint8Array): Part {
  return {
    async *chunks() {
      if (bytes.byteLength > 0) yield bytes;
    },
    cancel() {},
  };
}

export function markupPart(markup: string): Part {
  return bytesPart(encodeUtf8(markup));
}

/** A run of parts decided later (an `<esi:try>` whose attempt may fail): written once known. */
export function deferredPart(decide: Promise<readonly Part[]>, onCancel: (reason: unknown) => void): Part {
  return {
    async *chunks() {
      for (const part of await decide) yield* part.chunks();
    },
    cancel(reason) {
      onCancel(reason);
    },
  };
}

/** Writes parts one after the other. */
export async function* writeParts(parts: AsyncIterable<Part> | Iterable<Part>): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const part of parts) yield* part.chunks();
}
