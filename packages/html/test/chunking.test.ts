/**
 * The chunking property (issue 4): a tag, attribute, entity, comment, raw-text end tag or
 * multi-byte character split across chunks anywhere gives the same output as one chunk.
 */
import { describe, expect, it } from 'vitest';
import type { Element } from '../src/index.ts';
import { Random, randomChunks } from './support/random.ts';
import { rewriteChunks, type Handlers } from './support/run.ts';

const enc = new TextEncoder();

const DOCS: Record<string, string> = {
  'spec §13 page': '<html><head><title>Sample Page</title></head><body>Text</body></html>',
  'listing card':
    `<!DOCTYPE html><html><head><meta charset=utf-8><script>if (a<b && c>d) x("</div>")</script></head><body class="l">` +
    `<div class="card"><a href="/p?a=1&amp;b=2"><img src="/i.png" alt='Café "1"' width=300></a>` +
    `<p class=price>&euro;12<!-- c --><span>é😀日本</span></p></div><img class=hero src=h.png/></body></html>`,
  'raw text and escapes':
    '<script><!--<script>var s="</script>";</script>--></script><style>a>b{}</style><textarea></div><img></textarea>' +
    '<title>&amp;</title><xmp><p></xmp><noscript><img></noscript><img id=after>',
  'comments, doctype, bogus, cdata':
    '<!DOCTYPE html><!----><!--><!--->x<!-- a --!><!-- b --!-->c<!x y><?pi?></ z><svg><![CDATA[<img>]]><rect/></svg><img>',
  'odd tags': `<div a='x>y' b="p'q" c=r/s d/><p =x></p ><IMG SRC=a ALT=b/><a/b><3 <\u00e9></div>`,
};

const HANDLERS: Handlers = [
  ['head', (el: Element) => el.append('<script src="/b.js"></script>')],
  ['img', (el: Element) => el.setAttribute('data-src', el.getAttribute('src') ?? '?')],
  ['div.card a:not([rel])', (el: Element) => el.setAttribute('rel', 'nofollow')],
  ['span', (el: Element) => el.replaceChildren('S')],
  ['title', (el: Element) => el.replaceWith('<title>T</title>')],
  ['p', (el: Element) => (el.before('['), el.after(']'))],
];

describe('chunking property: any split gives the output of one chunk', () => {
  for (const [name, doc] of Object.entries(DOCS)) {
    const bytes = enc.encode(doc);
    const whole = Buffer.from(rewriteChunks([bytes], HANDLERS));

    it(`${name}: every split point (${bytes.length + 1} splits)`, () => {
      for (let i = 0; i <= bytes.length; i++) {
        const out = Buffer.from(rewriteChunks([bytes.subarray(0, i), bytes.subarray(i)], HANDLERS));
        expect(out.equals(whole), `split at byte ${i}`).toBe(true);
      }
    });

    it(`${name}: one byte at a time, and 300 random multi-way splits`, () => {
      const single = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
      expect(Buffer.from(rewriteChunks(single, HANDLERS)).equals(whole)).toBe(true);
      const rnd = new Random(bytes.length);
      for (let k = 0; k < 300; k++) {
        const chunks = randomChunks(rnd, bytes, 12);
        expect(Buffer.from(rewriteChunks(chunks, HANDLERS)).equals(whole), `chunks ${chunks.map((c) => c.length)}`).toBe(true);
      }
    });

    it(`${name}: with no handler the output is the input, byte for byte`, () => {
      expect(Buffer.from(rewriteChunks([bytes])).equals(Buffer.from(bytes))).toBe(true);
    });
  }

  it('the rewrites actually happened (the property is not vacuous)', () => {
    const out = new TextDecoder().decode(rewriteChunks([enc.encode(DOCS['listing card'])], HANDLERS));
    expect(out).toContain('<script src="/b.js"></script></head>');
    expect(out).toContain('rel="nofollow"');
    expect(out).toContain('<span>S</span>');
    expect(out).toContain(`alt='Café "1"' width=300 data-src="/i.png">`);
  });
});
