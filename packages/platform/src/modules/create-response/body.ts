/**
 * createResponse bodies (spec §9): a string within the profile's byte limit, or a ReadableStream of
 * bytes. Streams from another realm or duck-typed ones are adapted; every chunk must be bytes.
 */
import { TypedArrayTag } from '../../realm/primordials.ts';
import { ReadableStream } from '../../realm/streams.ts';
import { utf8ByteLength } from '../../realm/utf8.ts';
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

/**
 * Reads the worker's stream through its reader and checks each chunk. A pull wrapper costs about
 * half of `pipeThrough(new TransformStream())` per chunk, and it adapts duck-typed streams too.
 */
function checkedBytes(stream: StreamLike): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done === true) {
          controller.close();
        } else if (TypedArrayTag(value) === 'Uint8Array') {
          controller.enqueue(value as Uint8Array);
        } else if (ArrayBuffer.isView(value)) {
          // Other views (Uint16Array, DataView...) are re-viewed as Uint8Array over the same bytes.
          controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        } else {
          const error = new TypeError(`createResponse(): body stream chunks must be Uint8Array (bytes); got ${describeValue(value)}. Pipe text through TextEncoderStream first`);
          controller.error(error);
          await reader.cancel(error);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

export function readBody(body: unknown, maxStringBytes: number): string | ReadableStream<Uint8Array> {
  if (body === undefined || body === null) return '';
  if (isStreamLike(body)) {
    if ((body as { locked?: unknown }).locked === true) {
      throw new TypeError('createResponse(): body stream is locked (a reader or a pipe is already reading it); pass a stream nobody has started to read');
    }
    return checkedBytes(body);
  }
  if (!isPrimitive(body)) {
    throw new TypeError(`createResponse(): body must be a string or a ReadableStream of bytes; got ${describeValue(body)}`);
  }
  const text = String(body);
  const bytes = utf8ByteLength(text);
  if (bytes > maxStringBytes) {
    throw new RangeError(`createResponse(): string body is ${bytes} bytes, over the limit of ${maxStringBytes} bytes (spec §21.2); stream larger bodies with a ReadableStream`);
  }
  return text;
}
