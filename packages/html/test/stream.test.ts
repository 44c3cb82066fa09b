import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RewriterStateError, rewriterStream, rewriteBytes, utf8Decode, utf8Encode } from '../src/index.ts';

describe('web-stream face of the engine', () => {
  it('rewriterStream is a { readable, writable } pair for pipeThrough', async () => {
    const { stream } = rewriterStream({ handlers: [{ selector: 'head', handler: (el) => el.append('<meta name=x>') }] });
    const source = new ReadableStream<Uint8Array>({
      start(c) {
        for (const part of ['<ht', 'ml><he', 'ad></he', 'ad>é']) c.enqueue(utf8Encode(part));
        c.close();
      },
    });
    const out: Uint8Array[] = [];
    const reader = source.pipeThrough(stream).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value);
    expect(utf8Decode(rewriteBytes(out))).toBe('<html><head><meta name=x></head>é');
  });

  it('takes the TransformStream constructor from the caller (the edge has no global one)', () => {
    let used = false;
    class Tracking<I, O> extends TransformStream<I, O> {
      constructor(t: Transformer<I, O>) {
        super(t);
        used = true;
      }
    }
    rewriterStream({ TransformStream: Tracking as never });
    expect(used).toBe(true);
  });

  it('a rewriter is single-use: write after end is an error that says why', () => {
    const { rewriter } = rewriterStream();
    rewriter.end();
    expect(() => rewriter.write(utf8Encode('<p>'))).toThrow(RewriterStateError);
  });
});

describe('purity', () => {
  it('the engine imports nothing from node: (it runs inside workers at the edge)', () => {
    const dir = new URL('../src/', import.meta.url).pathname;
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(dir);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/from\s+['"]node:|require\(/);
  });

  it('utf8Encode/utf8Decode agree with the platform codec, including lone surrogates and bad bytes', () => {
    for (const s of ['', 'abc', 'é', '日本', '😀', '\ud800x', 'x\udc00']) expect(utf8Encode(s)).toEqual(new TextEncoder().encode(s));
    const bad = new Uint8Array([0x61, 0xff, 0xc3, 0x28, 0xe2, 0x82, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0, 0x80, 0xc3]);
    expect(utf8Decode(bad)).toBe(new TextDecoder().decode(bad));
  });
});
