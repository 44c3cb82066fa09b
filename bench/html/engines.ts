/**
 * The same three rewrites expressed for each engine: Weft's @weft/html, html-rewriter-wasm
 * (lol-html in WebAssembly) and parse5-html-rewriting-stream.
 *   (a) append a script to <head> (Weft forwards the rest of the page unparsed after <body>)
 *   (p) (a) parsed to the end: a handler for a tag the page lacks keeps every engine tokenizing
 *   (b) (a) plus loading="lazy" on every <img>
 *   (c) a descendant selector with :not(): `ul.products a:not(.external)` gets data-tracked="1"
 */
import { HTMLRewriter as WasmRewriter } from 'html-rewriter-wasm';
import { RewritingStream } from 'parse5-html-rewriting-stream';
import { shippedEngine } from './shipped-engine.ts';

/** Each engine as its package ships: Weft's bundled like dist/ (see shipped-engine.ts). */
export const weftHtml = await shippedEngine();
const { HtmlRewriter } = weftHtml;

export type CaseName = 'a' | 'p' | 'b' | 'c';
export const CASES: Record<CaseName, string> = {
  a: 'head append, rest unparsed',
  p: 'head append, parsed to the end',
  b: 'head append + img setAttribute',
  c: 'ul.products a:not(.external)',
};
const SCRIPT = '<script src="/beacon.js" async></script>';

export interface Engine {
  name: string;
  /** Rewrites the chunks; resolves to the number of output bytes. */
  run(chunks: Uint8Array[], which: CaseName): Promise<number>;
}

export const weft: Engine = {
  name: '@weft/html',
  async run(chunks, which) {
    let out = 0;
    const rw = new HtmlRewriter((b) => {
      out += b.length;
    });
    if (which !== 'c') rw.on('head', (el) => el.append(SCRIPT));
    if (which === 'p') rw.on('x-absent', () => {});
    if (which === 'b') rw.on('img', (el) => el.setAttribute('loading', 'lazy'));
    if (which === 'c') rw.on('ul.products a:not(.external)', (el) => el.setAttribute('data-tracked', '1'));
    for (const c of chunks) rw.write(c);
    rw.end();
    return out;
  },
};

export const wasm: Engine = {
  name: 'html-rewriter-wasm',
  async run(chunks, which) {
    let out = 0;
    const rw = new WasmRewriter((b) => {
      out += b.length;
    });
    if (which !== 'c') rw.on('head', { element: (el) => void el.append(SCRIPT, { html: true }) });
    if (which === 'p') rw.on('x-absent', { element: () => {} });
    if (which === 'b') rw.on('img', { element: (el) => void el.setAttribute('loading', 'lazy') });
    if (which === 'c') rw.on('ul.products a:not(.external)', { element: (el) => void el.setAttribute('data-tracked', '1') });
    try {
      for (const c of chunks) await rw.write(c);
      await rw.end();
    } finally {
      rw.free();
    }
    return out;
  },
};

export const parse5: Engine = {
  name: 'parse5-html-rewriting-stream',
  async run(chunks, which) {
    let out = 0;
    const rs = new RewritingStream();
    rs.on('data', (s: string) => {
      out += Buffer.byteLength(s);
    });
    // (c) has no selector engine: track open ul.products by hand, as a user would.
    const ulStack: boolean[] = [];
    let inProducts = 0;
    rs.on('startTag', (tag, raw) => {
      const cls = tag.attrs.find((a) => a.name === 'class')?.value ?? '';
      if (which === 'c' && tag.tagName === 'ul') {
        const products = cls.split(/\s+/).includes('products');
        ulStack.push(products);
        if (products) inProducts++;
      }
      if ((which === 'b' && tag.tagName === 'img') || (which === 'c' && tag.tagName === 'a' && inProducts > 0 && !cls.split(/\s+/).includes('external'))) {
        tag.attrs.push(which === 'b' ? { name: 'loading', value: 'lazy' } : { name: 'data-tracked', value: '1' });
        rs.emitStartTag(tag);
      } else rs.emitRaw(raw);
    });
    rs.on('endTag', (tag, raw) => {
      if (which !== 'c' && tag.tagName === 'head') rs.emitRaw(SCRIPT);
      if (which === 'c' && tag.tagName === 'ul' && ulStack.pop() === true) inProducts--;
      rs.emitRaw(raw);
    });
    const decoder = new TextDecoder();
    const done = new Promise<void>((resolve, reject) => {
      rs.on('end', resolve);
      rs.on('error', reject);
    });
    for (const c of chunks) rs.write(decoder.decode(c, { stream: true }));
    rs.end(decoder.decode());
    await done;
    return out;
  },
};
