/**
 * Hostile input (issue 4): no exception escapes, the output follows the tokenizer rules (and is the
 * input byte for byte when no handler changes anything), and buffering stays at one token.
 */
import { describe, expect, it } from 'vitest';
import { HtmlRewriter } from '../src/index.ts';
import { Random, randomChunks } from './support/random.ts';
import { rewrite, rewriteChunks } from './support/run.ts';

const enc = new TextEncoder();

function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('hostile input', () => {
  it('an unterminated comment swallows the rest: nothing inside is matched', () => {
    const seen: string[] = [];
    const doc = '<p>a<!-- never closed <img src=x> <div>';
    expect(rewrite(doc, [['*', (el) => void seen.push(el.tag)]])).toBe(doc);
    expect(seen).toEqual(['p']);
  });

  it('an unterminated script is script data to the end (where its append lands)', () => {
    const seen: string[] = [];
    const doc = '<script>if (a < b) { document.write("<img src=x>")';
    expect(rewrite(doc, [['img', (el) => void seen.push(el.tag)], ['script', (el) => el.append('/*end*/')]])).toBe(`${doc}/*end*/`);
    expect(seen).toEqual([]);
  });

  it('a tag cut by the end of input is not an element (the tokenizer drops it) and passes through', () => {
    const seen: string[] = [];
    for (const doc of ['<div class="x', '<div', '<', '</di', '<!--', '<!DOCTYPE', '<![CDATA[']) {
      expect(rewrite(['<p>', doc], [['div', (el) => void seen.push(el.tag)]])).toBe(`<p>${doc}`);
    }
    expect(seen).toEqual([]);
  });

  it('a 1 MB attribute value, fed 16 bytes at a time, is read and rewritten exactly', () => {
    const value = 'v'.repeat(1 << 20);
    const doc = enc.encode(`<p><img alt="${value}" src=x><img src=y></p>`);
    let seenLength = 0;
    const out = rewriteChunks(chunksOf(doc, 16), [
      [
        'img',
        (el) => {
          seenLength = Math.max(seenLength, el.getAttribute('alt')?.length ?? 0);
          el.setAttribute('loading', 'lazy');
        },
      ],
    ]);
    expect(seenLength).toBe(1 << 20);
    expect(new TextDecoder().decode(out)).toBe(`<p><img alt="${value}" src=x loading="lazy"><img src=y loading="lazy"></p>`);
  });

  it('buffers only the unfinished token: after a huge tag, its memory is let go', () => {
    const out: Uint8Array[] = [];
    const rw = new HtmlRewriter((b) => out.push(b));
    // A handler that can match anywhere keeps the tokenizer running (with none, bytes pass through unparsed).
    rw.on('span', () => {});
    const big = enc.encode(`<div title="${'x'.repeat(300_000)}">`);
    for (const c of chunksOf(big, 4096)) rw.write(c);
    const internals = rw as unknown as { tail: Uint8Array; tailLen: number };
    expect(internals.tailLen).toBe(0);
    expect(internals.tail.length).toBeLessThanOrEqual(65536);
    // A pending token is all it keeps between writes.
    rw.write(enc.encode('text <span cla'));
    expect(internals.tailLen).toBe('<span cla'.length);
    rw.end();
  });

  it('deeply nested tags (100,000 levels) stream through with a bounded stack; the outer element still ends right', () => {
    const depth = 100_000;
    const doc = '<div id=top>' + '<div>'.repeat(depth) + 'x' + '</div>'.repeat(depth) + '</div><p>';
    let children = 0;
    const out = rewrite(doc, [
      ['#top > div', () => void children++],
      ['#top', (el) => el.after('!')],
    ]);
    expect(children).toBe(1);
    expect(out.endsWith('</div>!<p>')).toBe(true);
    expect(out.length).toBe(doc.length + 1);
    const rw = new HtmlRewriter(() => {});
    rw.write(enc.encode('<div>'.repeat(depth)));
    expect((rw as unknown as { stack: { infos: unknown[] } }).stack.infos.length).toBeLessThanOrEqual(1024);
    rw.end();
  });

  it('NUL bytes in names, attributes and text', () => {
    const doc = '<di\0v a\0b="\0" c=\0>\0</di\0v><p\0>';
    const names: string[] = [];
    const values: unknown[] = [];
    expect(rewrite(doc, [['*', (el) => void (names.push(el.tag), values.push(el.getAttribute('a\ufffdb')))]])).toBe(doc);
    expect(names).toEqual(['di\ufffdv', 'p\ufffd']);
    expect(values).toEqual(['\ufffd', undefined]);
  });

  it('invalid UTF-8 passes through untouched; attribute values decode it to U+FFFD', () => {
    const bytes = new Uint8Array([...enc.encode('<p title="'), 0xff, 0xc3, ...enc.encode('"\u00e9>'), 0xe2, 0x82, ...enc.encode('</p><b\xff>')]);
    const got: unknown[] = [];
    const out = rewriteChunks(chunksOf(bytes, 3), [['p', (el) => void got.push(el.getAttribute('title'))]]);
    expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true);
    expect(got).toEqual(['\ufffd\ufffd']);
  });

  it('random byte soup never throws, and with no-op handlers the output is the input', () => {
    const rnd = new Random(0xbad);
    const alphabet = enc.encode('<<<>>>//!!--""\'\'==  ab\0\xff?[]CDATA<script></script><svg><math><title><!--');
    for (let k = 0; k < 1500; k++) {
      const bytes = new Uint8Array(1 + rnd.int(200));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rnd.chance(0.8) ? alphabet[rnd.int(alphabet.length)] : rnd.int(256);
      const out = rewriteChunks(randomChunks(rnd, bytes, 8), [['*', (el) => void el.getAttribute('a')]]);
      expect(Buffer.from(out).equals(Buffer.from(bytes)), `case ${k}`).toBe(true);
      // And with mutations: must not throw.
      rewriteChunks([bytes], [['*', (el) => (el.setAttribute('z', '"'), el.append('x', { insert_implicit_close: true }))]]);
    }
  });
});
