/**
 * A ReadableStream of this realm over a byte source that lives on the host (the client request body,
 * a sub-request body). Each pull asks the host for one chunk; the chunk arrives as bytes of this realm.
 */
import { awaitTicket, host, receiveBytes } from './host-link.ts';
import { PromiseThen } from './primordials.ts';
import { ReadableStream } from './streams.ts';

export interface SourceEvents {
  /** Called once when the source ends, fails or is cancelled. */
  onFinish?(error: unknown): void;
}

export function hostSourceStream(id: number, events: SourceEvents = {}): ReadableStream<Uint8Array> {
  let finished = false;
  const finish = (error: unknown): void => {
    if (finished) return;
    finished = true;
    events.onFinish?.(error);
  };
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const ticket = host().sourceRead(id) as number;
      return PromiseThen(awaitTicket(ticket), (length) => {
        if (typeof length !== 'number' || length < 0) {
          finish(undefined);
          controller.close();
          return;
        }
        controller.enqueue(receiveBytes(ticket, length));
      }, (error: unknown) => {
        finish(error);
        controller.error(error);
      }) as Promise<void>;
    },
    cancel(reason: unknown) {
      finish(reason);
      host().sourceCancel(id, typeof reason === 'string' ? reason : 'cancelled');
    },
  }, { highWaterMark: 0 });
}
