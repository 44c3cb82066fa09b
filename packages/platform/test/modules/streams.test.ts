import { describe, expect, it } from 'vitest';
import { ByteLengthQueuingStrategy, CountQueuingStrategy, ReadableStream, TransformStream, WritableStream } from '../../src/modules/streams.ts';
import { TextDecoderStream, TextEncoderStream } from '../../src/modules/text-encode-transform.ts';
import { builtinModule } from '../../src/modules/index.ts';
import { linkHostRealm } from '../../src/host/link-host-realm.ts';

// Legacy encodings are decoded by the host (encoding/host-api.ts).
linkHostRealm();

async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

function from<T>(chunks: T[]): ReadableStream<T> {
  return new ReadableStream<T>({
    start(c) {
      for (const chunk of chunks) c.enqueue(chunk);
      c.close();
    },
  });
}

describe('streams (spec §11)', () => {
  it('exports the five WHATWG classes, CountQueuingStrategy as a constructor', () => {
    const ns = builtinModule('streams');
    expect(Object.keys(ns ?? {}).sort()).toEqual(['ByteLengthQueuingStrategy', 'CountQueuingStrategy', 'ReadableStream', 'TransformStream', 'WritableStream']);
    expect(new CountQueuingStrategy({ highWaterMark: 3 }).size('chunk')).toBe(1);
    expect(new ByteLengthQueuingStrategy({ highWaterMark: 16 }).size(new Uint8Array(5))).toBe(5);
  });

  it('a subclass of TransformStream works with pipeThrough', async () => {
    class Upper extends TransformStream<string, string> {
      constructor() {
        super({ transform: (chunk, c) => c.enqueue(chunk.toUpperCase()) });
      }
    }
    expect(await collect(from(['a', 'b']).pipeThrough(new Upper()))).toEqual(['A', 'B']);
  });

  it('a duck-typed { readable, writable } pair works with pipeThrough', async () => {
    const inner = new TransformStream<string, string>({ transform: (chunk, c) => c.enqueue(`<${chunk}>`) });
    const pair = { readable: inner.readable, writable: inner.writable };
    expect(await collect(from(['x']).pipeThrough(pair))).toEqual(['<x>']);
  });

  it('pipeTo honours an AbortSignal, tee() splits, byte streams support BYOB readers', async () => {
    const written: string[] = [];
    await from(['1', '2']).pipeTo(new WritableStream({ write: (c) => void written.push(c) }));
    expect(written).toEqual(['1', '2']);
    const controller = new AbortController();
    controller.abort();
    await expect(from(['1']).pipeTo(new WritableStream(), { signal: controller.signal })).rejects.toThrow();
    const [a, b] = from([1, 2]).tee();
    expect(await collect(a)).toEqual([1, 2]);
    expect(await collect(b)).toEqual([1, 2]);
    const bytes = new ReadableStream({ type: 'bytes', start: (c) => { c.enqueue(new Uint8Array([7, 8])); c.close(); } });
    const reader = bytes.getReader({ mode: 'byob' });
    const { value } = await reader.read(new Uint8Array(4));
    expect([...(value ?? [])]).toEqual([7, 8]);
  });
});

describe('text-encode-transform (spec §12)', () => {
  it('encodes strings to UTF-8 bytes', async () => {
    const encoder = new TextEncoderStream();
    expect(encoder.encoding).toBe('utf-8');
    const chunks = await collect(from(['h€']).pipeThrough(encoder));
    expect(chunks.flatMap((chunk) => [...chunk])).toEqual([0x68, 0xe2, 0x82, 0xac]);
  });

  it('decodes bytes split inside a character, in UTF-8 and in legacy encodings; an unknown label is a RangeError', async () => {
    const text = await collect(from([new Uint8Array([0x68, 0xe2, 0x82]), new Uint8Array([0xac])]).pipeThrough(new TextDecoderStream()));
    expect(text.join('')).toBe('h€');
    expect(new TextDecoderStream(' UTF8 ').encoding).toBe('utf-8');
    // Spec §17/§12: the legacy encodings decode too, a GBK character split between chunks included.
    const gbk = new TextDecoderStream('GBK');
    expect(gbk.encoding).toBe('gbk');
    const chinese = await collect(from([new Uint8Array([0xc4]), new Uint8Array([0xe3, 0xba]), new Uint8Array([0xc3])]).pipeThrough(gbk));
    expect(chinese.join('')).toBe('你好');
    expect(() => new TextDecoderStream('no-such-encoding')).toThrow(RangeError);
  });

  it('the encoder joins a surrogate pair split across chunks, and ends a lone one as U+FFFD', async () => {
    const pair = await collect(from(['a\ud83d', '\ude00b']).pipeThrough(new TextEncoderStream()));
    expect(pair.flatMap((chunk) => [...chunk])).toEqual([0x61, 0xf0, 0x9f, 0x98, 0x80, 0x62]);
    const lone = await collect(from(['x\ud83d']).pipeThrough(new TextEncoderStream()));
    expect(lone.flatMap((chunk) => [...chunk])).toEqual([0x78, 0xef, 0xbf, 0xbd]);
    const broken = await collect(from(['\ud83d', 'y', '\ude00']).pipeThrough(new TextEncoderStream()));
    expect(broken.flatMap((chunk) => [...chunk])).toEqual([0xef, 0xbf, 0xbd, 0x79, 0xef, 0xbf, 0xbd]);
    for (const chunk of pair) expect(Object.getPrototypeOf(chunk)).toBe(Uint8Array.prototype);
  });

  it('the encoder converts non-string chunks with ToString', async () => {
    const chunks = await collect(from([12 as unknown as string]).pipeThrough(new TextEncoderStream()));
    expect(chunks.flatMap((chunk) => [...chunk])).toEqual([0x31, 0x32]);
  });

  it('the decoder splits at every byte of a mixed text and strips one BOM unless ignoreBOM', async () => {
    const bytes = new TextEncoder().encode('\ufeffé€\u{1f600}z');
    const parts = [...bytes].map((b) => new Uint8Array([b]));
    expect((await collect(from(parts).pipeThrough(new TextDecoderStream()))).join('')).toBe('é€\u{1f600}z');
    const keep = new TextDecoderStream('utf-8', { ignoreBOM: true });
    expect(keep.ignoreBOM).toBe(true);
    expect((await collect(from(parts).pipeThrough(keep))).join('')).toBe('\ufeffé€\u{1f600}z');
  });

  it('the decoder ends an unfinished sequence as U+FFFD, or errors both sides when fatal', async () => {
    expect((await collect(from([new Uint8Array([0x61, 0xe2, 0x82])]).pipeThrough(new TextDecoderStream()))).join('')).toBe('a\ufffd');
    const decoder = new TextDecoderStream('utf-8', { fatal: true });
    const writer = decoder.writable.getWriter();
    const reader = decoder.readable.getReader();
    void writer.write(new Uint8Array([0x61, 0xe2, 0x82])).catch(() => {});
    expect(await reader.read()).toEqual({ done: false, value: 'a' });
    const closing = writer.close();
    await expect(reader.read()).rejects.toBeInstanceOf(TypeError);
    await expect(closing).rejects.toBeInstanceOf(TypeError);
  });

  it('the decoder takes ArrayBuffer and DataView chunks and rejects strings', async () => {
    const text = await collect(from<ArrayBuffer | ArrayBufferView>([new Uint8Array([0x68]).buffer, new DataView(new Uint8Array([0x69]).buffer)]).pipeThrough(new TextDecoderStream()));
    expect(text.join('')).toBe('hi');
    await expect(collect(from(['no'] as unknown as Uint8Array[]).pipeThrough(new TextDecoderStream()))).rejects.toThrow(/chunks must be bytes.*"no"/);
  });

  // spec §12: in fatal mode invalid input errors both sides with a TypeError
  it('fatal mode errors with a TypeError', async () => {
    const decoder = new TextDecoderStream('utf-8', { fatal: true });
    expect(decoder.fatal).toBe(true);
    const output = collect(from([new Uint8Array([0xff])]).pipeThrough(decoder));
    await expect(output).rejects.toBeInstanceOf(TypeError);
  });

  it('non-fatal mode substitutes U+FFFD', async () => {
    expect((await collect(from([new Uint8Array([0x61, 0xff])]).pipeThrough(new TextDecoderStream()))).join('')).toBe('a\uFFFD');
  });
});
