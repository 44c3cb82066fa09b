/**
 * createResponse bodies (spec §9): a string within the profile's byte limit, or a ReadableStream of
 * bytes. Streams from another realm or duck-typed ones are adapted; every chunk must be bytes.
 */
import { ReadableStream, TransformStream } from 'node:stream/web';
import { describeValue } from '../../errors.ts';
import { isPrimitive } from '../shared/header-rules.ts';

interface ReaderLike {
  read(): Promise<{ done?: boolean; value?: unknown }>;
  cancel(reason?: unknown): Promise<void>;
}
interface StreamLike {
  getReader(): ReaderLike;
}

function isStreamLike(value: unknown): value is StreamLike {
  return typeof value === 'object' && value !== null && typeof (value as { getReader?: unknown }).getReader === 'function';
}

function adopt(stream: StreamLike): ReadableStream<unknown> {
  if (stream instanceof ReadableStream) return stream;
  const reader = stream.getReader();
  return new ReadableStream<unknown>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done === true) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function byteChecker(): TransformStream<unknown, Uint8Array> {
  return new TransformStream<unknown, Uint8Array>({
    transform(chunk, controller) {
      if (ArrayBuffer.isView(chunk)) {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      } else {
        controller.error(new TypeError(`createResponse(): body stream chunks must be Uint8Array (bytes); got ${describeValue(chunk)}. Pipe text through TextEncoderStream first`));
      }
    },
  });
}

export function readBody(body: unknown, maxStringBytes: number): string | ReadableStream<Uint8Array> {
  if (body === undefined || body === null) return '';
  if (isStreamLike(body)) return adopt(body).pipeThrough(byteChecker());
  if (!isPrimitive(body)) {
    throw new TypeError(`createResponse(): body must be a string or a ReadableStream of bytes; got ${describeValue(body)}`);
  }
  const text = String(body);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxStringBytes) {
    throw new RangeError(`createResponse(): string body is ${bytes} bytes, over the limit of ${maxStringBytes} bytes (spec §21.2); stream larger bodies with a ReadableStream`);
  }
  return text;
}
