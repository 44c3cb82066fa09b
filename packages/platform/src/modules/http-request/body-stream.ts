/**
 * The sub-request response body as a WHATWG byte stream (spec §10): chunks are plain Uint8Array,
 * the per-sub-request response size limit errors the stream, and the owner learns when it ends.
 */
import { ReadableStream } from 'node:stream/web';
import type { Readable } from 'node:stream';
import { SubrequestResponseTooLargeError } from './errors.ts';

export interface BodyEvents {
  /** Called once: without an error when the body was read to the end, else with the reason. */
  onDone(error: unknown): void;
}

export interface ResponseBody {
  stream: ReadableStream<Uint8Array>;
  /** Errors the stream (e.g. on timeout) and releases the connection. */
  fail(error: Error): void;
}

export function responseBody(source: Readable, url: string, maxBytes: number, events: BodyEvents): ResponseBody {
  // destroy() below makes the body emit an abort error that nobody else may be listening for.
  source.on('error', () => {});
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let received = 0;
  let finished = false;
  let fail: (error: Error) => void = () => {};
  const finish = (error: unknown): void => {
    if (finished) return;
    finished = true;
    events.onDone(error);
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        fail = (error) => {
          if (finished) return;
          source.destroy();
          controller.error(error);
          finish(error);
        };
      },
      async pull(controller) {
        let next: IteratorResult<Buffer>;
        try {
          next = await iterator.next();
        } catch (error) {
          fail(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (finished) return;
        if (next.done === true) {
          controller.close();
          finish(undefined);
          return;
        }
        received += next.value.byteLength;
        if (received > maxBytes) {
          fail(new SubrequestResponseTooLargeError(`subrequest to URL ${url}: response body exceeds the limit of ${maxBytes} bytes per sub-request (spec §21.1)`));
          return;
        }
        // A copy detached from Node's Buffer pool, so worker code sees a plain Uint8Array.
        controller.enqueue(new Uint8Array(next.value));
      },
      cancel(reason) {
        source.destroy();
        finish(reason ?? 'cancelled');
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, fail: (error) => fail(error) };
}
