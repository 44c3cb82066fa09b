/**
 * A ReadableStream request body as the host reads it (realm/outgoing.ts takes Uint8Array chunks
 * only): string chunks become UTF-8, any other typed array or DataView its bytes, and anything else
 * fails the sub-request naming the chunk. The worker's stream is locked on the host's first read.
 */
import { describeValue } from '../../errors.ts';
import { TypedArrayTag } from '../../realm/primordials.ts';
import { ReadableStream } from '../../realm/streams.ts';
import { utf8Encode } from '../../realm/utf8.ts';
import type { StreamLike } from './options.ts';

function toBytes(value: unknown): Uint8Array {
  if (typeof value === 'string') return utf8Encode(value);
  if (TypedArrayTag(value) === 'Uint8Array') return value as Uint8Array;
  if (TypedArrayTag(value) !== undefined || value instanceof DataView) {
    const view = value as DataView;
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  }
  throw new TypeError(`httpRequest(): options.body stream chunks must be Uint8Array or string; got ${describeValue(value)}`);
}

export function requestBodyStream(source: StreamLike): ReadableStream<Uint8Array> {
  let reader: ReturnType<StreamLike['getReader']> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      reader ??= source.getReader();
      const { done, value } = await reader.read();
      if (done === true) controller.close();
      else controller.enqueue(toBytes(value));
    },
    cancel(reason) {
      return reader?.cancel(reason);
    },
  }, { highWaterMark: 0 });
}
