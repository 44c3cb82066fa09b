/**
 * Realm streams the host reads: a responseProvider body, a sub-request body. The kernel gives each
 * an id; the host asks for one chunk at a time (`pull`), the realm answers with `sinkChunk` or
 * `sinkEnd`. Chunks must be Uint8Array (spec §9, §10); anything else fails the stream.
 */
import { describeValue } from '../errors.ts';
import { host } from './host-link.ts';
import { MapDelete, MapGet, MapSet, PromiseThen, SafeMap, StringCtor, TypedArrayTag } from './primordials.ts';
import type { ReadableStream, ReadableStreamDefaultReader } from './streams.ts';

interface Outgoing {
  reader: ReadableStreamDefaultReader<unknown>;
  label: string;
}

const outgoing = new SafeMap<number, Outgoing>();
let nextId = 1;

/** Registers `stream` for the host to read; `label` names it in errors (e.g. `createResponse() body`). */
export function registerOutgoing(stream: ReadableStream<unknown>, label: string): number {
  const id = nextId++;
  MapSet(outgoing as Map<unknown, unknown>, id, { reader: stream.getReader(), label });
  return id;
}

function errorText(error: unknown, key: 'name' | 'message'): string {
  try {
    const value: unknown = (error as Record<string, unknown> | null)?.[key];
    return typeof value === 'string' ? value : key === 'name' ? 'Error' : StringCtor(error);
  } catch {
    return key === 'name' ? 'Error' : 'the stream failed';
  }
}

function end(id: number, ok: boolean, name: string, message: string): void {
  MapDelete(outgoing as Map<unknown, unknown>, id);
  host().sinkEnd(id, ok, name, message);
}

/** The host wants the next chunk of stream `id`. */
export function pull(id: number): void {
  const entry = MapGet(outgoing as Map<unknown, unknown>, id) as Outgoing | undefined;
  if (entry === undefined) return;
  let read: Promise<ReadableStreamReadResult<unknown>>;
  try {
    read = entry.reader.read();
  } catch (error) {
    end(id, false, errorText(error, 'name'), errorText(error, 'message'));
    return;
  }
  PromiseThen(read, (result: ReadableStreamReadResult<unknown>) => {
    if (result.done) return end(id, true, '', '');
    const chunk = result.value;
    if (TypedArrayTag(chunk) !== 'Uint8Array') {
      const message = `${entry.label} stream chunks must be Uint8Array (bytes); got ${describeValue(chunk)}. Pipe text through TextEncoderStream first`;
      try {
        void entry.reader.cancel(message);
      } catch { /* the stream is failed either way */ }
      return end(id, false, 'TypeError', message);
    }
    host().sinkChunk(id, chunk as Uint8Array);
  }, (error: unknown) => end(id, false, errorText(error, 'name'), errorText(error, 'message')));
}

/** The host gave up on stream `id` (the client went away, a limit was hit). */
export function cancel(id: number, reason: string): void {
  const entry = MapGet(outgoing as Map<unknown, unknown>, id) as Outgoing | undefined;
  if (entry === undefined) return;
  MapDelete(outgoing as Map<unknown, unknown>, id);
  try {
    void entry.reader.cancel(reason);
  } catch { /* nothing to do */ }
}
