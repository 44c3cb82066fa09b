import { describe, expect, it } from 'vitest';
import { ByteLengthQueuingStrategy, CountQueuingStrategy, ReadableStream, TransformStream, WritableStream } from '../../src/modules/streams.ts';
import { TextDecoderStream, TextEncoderStream } from '../../src/modules/text-encode-transform.ts';
import { builtinModule } from '../../src/modules/index.ts';

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

  it('decodes bytes split inside a character, and legacy labels', async () => {
    const text = await collect(from([new Uint8Array([0x68, 0xe2, 0x82]), new Uint8Array([0xac])]).pipeThrough(new TextDecoderStream()));
    expect(text.join('')).toBe('h€');
    const latin2 = new TextDecoderStream('ISO-8859-2');
    expect(latin2.encoding).toBe('iso-8859-2');
    expect((await collect(from([new Uint8Array([0xb1])]).pipeThrough(latin2))).join('')).toBe('ą');
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
