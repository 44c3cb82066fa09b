/** The page body: a byte stream pulled from the parts, in order, at the reader's pace. */
import { encodeUtf8, type ByteStream } from '../bytes.ts';
import { ReadableStream } from '../platform.ts';
import { writeParts, type Part } from './parts.ts';
import { reportPageCut } from './report.ts';

/**
 * Streams the parts. A failure of the part list itself (a fetched template that breaks mid-way)
 * ends the page with a comment instead of an error: the status line has left, and a truncated but
 * terminated document is better than a reset connection. The comment does not say why (the reason
 * can name internal URLs); the report does (report.ts).
 */
export function partsToStream(
  parts: AsyncIterable<Part> | Iterable<Part>,
  hooks: { onCancel(reason: unknown): void; onError(error: unknown): void; onEnd(): void; onSecondPull?(): void },
): ByteStream {
  async function* safely(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      yield* writeParts(parts);
    } catch (error) {
      hooks.onError(error);
      reportPageCut(error);
      yield encodeUtf8('<!-- weft: the page could not be completed -->');
    }
    hooks.onEnd();
  }
  const chunks = safely();
  let pulls = 0;
  // highWaterMark 0: a chunk is produced only when the reader asks, so the second pull means the
  // first chunk has been handed on (see the first-byte gate in request.ts).
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (++pulls === 2) hooks.onSecondPull?.();
      const next = await chunks.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      hooks.onCancel(reason);
      // The generator may be waiting on a part; cancelling the parts lets it finish. The client is
      // gone, so a failure while finishing has no one to reach (onCancel has been told).
      void chunks.return(undefined).catch(() => {});
    },
  }, { highWaterMark: 0 });
}
