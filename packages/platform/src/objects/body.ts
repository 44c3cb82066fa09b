/**
 * The client request body in responseProvider (spec §3.6, §21.2): `body` is a byte stream capped
 * at the profile's stream limit; text()/json()/arrayBuffer() buffer it (with the profile's
 * buffered cap, if any). The body can be consumed once, as with WHATWG body mixins.
 */
import { RequestBodyLimitError, toRealm } from './errors.ts';
import { getter, memo, method, type RequestInternals } from './internals.ts';
import { ReadableStream } from '../realm/streams.ts';
import { utf8Decode } from '../realm/utf8.ts';

interface Body {
  stream: ReadableStream<Uint8Array>;
  /** Set on the first read through any path; a read body cannot be read again. */
  disturbed: boolean;
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
}

function openBody(i: RequestInternals): Body {
  const source = i.state.body ?? emptyStream();
  const limit = i.invocation.requestBodyStreamBytes;
  let reader: { read(): Promise<ReadableStreamReadResult<Uint8Array>>; cancel(reason?: unknown): Promise<void> } | undefined;
  let total = 0;
  const body: Body = { disturbed: false, stream: emptyStream() };
  body.stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        body.disturbed = true;
        i.state.bodyUse ??= 'streamed';
        reader ??= source.getReader();
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          i.state.bodyUse = 'error';
          throw error;
        }
        const { done, value } = chunk;
        if (done) {
          controller.close();
          return;
        }
        total += value.byteLength;
        if (limit !== undefined && total > limit) {
          i.state.bodyUse = 'error';
          controller.error(toRealm(new RequestBodyLimitError(`request.body: the client body exceeds ${limit} bytes, the limit for streaming the request body in responseProvider (spec §21.2)`), i.realm));
          await reader.cancel();
          return;
        }
        controller.enqueue(value);
      },
      async cancel(reason) {
        body.disturbed = true;
        await (reader ?? source).cancel(reason);
      },
    },
    // Pull only on demand, so an unread body is never touched.
    { highWaterMark: 0 },
  );
  return body;
}

function bodyOf(i: RequestInternals): Body {
  return memo(i, 'body', () => openBody(i));
}

async function readAll(i: RequestInternals, member: string): Promise<Uint8Array> {
  const body = bodyOf(i);
  if (body.disturbed || body.stream.locked) {
    throw new i.realm.TypeError(`request.${member}(): the request body has already been read or is locked by a reader; it can be consumed once (spec §3.6)`);
  }
  const cap = i.invocation.requestBufferedBodyBytes;
  i.state.bodyUse = 'buffered';
  const reader = body.stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (cap !== undefined && total > cap) {
      i.state.bodyUse = 'error';
      await reader.cancel();
      throw toRealm(new RequestBodyLimitError(`request.${member}(): the body exceeds ${cap} bytes, the buffered-read limit of this limits profile (spec §3.6); stream request.body instead`), i.realm);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

// spec §3.6: UTF-8 with U+FFFD for invalid sequences (TextDecoder's non-fatal mode).
async function text(i: RequestInternals, member: string): Promise<string> {
  return utf8Decode(await readAll(i, member));
}

export const bodyMembers: PropertyDescriptorMap = {
  body: getter('body', (i) => bodyOf(i).stream),
  text: method('text', (i) => text(i, 'text')),
  json: method('json', async (i) => {
    const source = await text(i, 'json');
    try {
      return JSON.parse(source) as unknown;
    } catch (error) {
      throw error instanceof Error ? toRealm(error, i.realm) : error;
    }
  }),
  arrayBuffer: method('arrayBuffer', async (i) => (await readAll(i, 'arrayBuffer')).buffer),
};
