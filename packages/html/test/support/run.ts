import { HtmlRewriter, type Element, type TagToken } from '../../src/index.ts';

export type Handlers = Array<[selector: string, handler: (el: Element) => void]>;

const enc = new TextEncoder();
const dec = new TextDecoder();

export function rewriteChunks(chunks: Uint8Array[], handlers: Handlers = []): Uint8Array {
  const out: Uint8Array[] = [];
  const rw = new HtmlRewriter((b) => out.push(b.slice()));
  for (const [s, h] of handlers) rw.on(s, h);
  for (const c of chunks) rw.write(c);
  rw.end();
  return Buffer.concat(out);
}

/** Rewrites `html` (one string, or the given string chunks) and returns the output text. */
export function rewrite(html: string | string[], handlers: Handlers = []): string {
  const parts = Array.isArray(html) ? html : [html];
  return dec.decode(rewriteChunks(parts.map((p) => enc.encode(p)), handlers));
}

/** The tags the engine tokenized, as `<name` / `</name` strings. */
export function tags(html: string): string[] {
  const seen: TagToken[] = [];
  const rw = new HtmlRewriter(() => {}, { observeTags: (t) => seen.push(t) });
  rw.write(enc.encode(html));
  rw.end();
  return seen.map((t) => (t.kind === 'start' ? `<${t.name}` : `</${t.name}`));
}

/** Selectors given, returns for each element start tag the list of selectors that matched it. */
export function matches(html: string, selectors: string[]): string[] {
  const hits: string[] = [];
  rewrite(
    html,
    selectors.map((s) => [s, (el) => void hits.push(`${el.tag}${el.getAttribute('id') ? `#${el.getAttribute('id')}` : ''} ${s}`)]),
  );
  return hits;
}
