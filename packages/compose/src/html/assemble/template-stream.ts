/**
 * A fetched template, scanned as it arrives: each chunk is decoded, scanned and turned into parts
 * at once, so the head of the template leaves before its tail has arrived. The scanner keeps at
 * most a small number of parts ahead of the writer, so a large template is not buffered while a
 * slow fragment holds the writer (includes further down then start a little later).
 */
import type { ByteStream } from '../bytes.ts';
import { TextDecoder } from '../platform.ts';
import { TemplateScanner } from '../template/scanner.ts';
import type { PartBuilder } from './build.ts';
import type { PartQueue } from './queue.ts';

/** Parts the scanner may keep ahead of the writer. */
const MAX_PARTS_AHEAD = 64;

/** Starts reading; returns a function that stops it. `onEnd` runs once the template is fully scanned. */
export function pumpTemplate(body: ByteStream, builder: PartBuilder, queue: PartQueue, onEnd: () => void): (reason: unknown) => void {
  const reader = body.getReader();
  let stopped = false;
  const decoder = new TextDecoder();
  const scanner = new TemplateScanner((event) => builder.handle(event), 'fetched template', { marks: true });
  const run = async (): Promise<void> => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (stopped) return;
        if (done) break;
        scanner.write(decoder.decode(value as Uint8Array, { stream: true }));
        builder.flush();
        await queue.room(MAX_PARTS_AHEAD);
      }
      scanner.write(decoder.decode());
      scanner.end();
      builder.end();
      onEnd();
      queue.close();
    } catch (error) {
      onEnd();
      queue.fail(error);
    }
  };
  void run();
  return (reason) => {
    if (stopped) return;
    stopped = true;
    // Stopping on purpose: a template source that fails to cancel has no reader left to tell.
    void reader.cancel(reason).catch(() => {});
  };
}
