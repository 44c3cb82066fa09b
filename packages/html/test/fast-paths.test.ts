/**
 * The tokenizer's fast paths: the four-bytes-at-a-time byte search (text runs, quoted attribute
 * values, comments, script data), the packed tag-name cache, and the end tag that pops the current
 * node. Each must give what the plain rules give, wherever a chunk boundary falls.
 */
import { describe, expect, it } from 'vitest';
import { HtmlRewriter, type TagToken } from '../src/index.ts';
import { findByte } from '../src/tokenizer/find-byte.ts';
import { Random } from './support/random.ts';
import { matches, rewrite, rewriteChunks, tags, type Handlers } from './support/run.ts';

const enc = new TextEncoder();

function naive(bytes: Uint8Array, byte: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] === byte) return i;
  return -1;
}

describe('findByte (word at a time)', () => {
  it('agrees with a byte loop for every range, offset and filler byte, the target anywhere', () => {
    const rnd = new Random(16);
    // Filler bytes next to the target that would fool a careless zero-byte test: the target plus or
    // minus one, 0x00, 0x01, 0x80, 0xff, and the target's bytes with the high bit set.
    for (const target of [0x3c, 0x22, 0x27, 0x2d, 0x3e, 0x5d]) {
      const fillers = [target - 1, target + 1, 0x00, 0x01, 0x7f, 0x80, 0xff, target | 0x80, 0x61];
      for (let len = 0; len <= 24; len++) {
        for (let offset = 0; offset < 4; offset++) {
          for (let at = -1; at < len; at++) {
            const backing = new Uint8Array(len + 8);
            const bytes = backing.subarray(offset, offset + len);
            for (let i = 0; i < len; i++) bytes[i] = rnd.pick(fillers);
            if (at >= 0) bytes[at] = target;
            if (at >= 0 && rnd.chance(0.5)) bytes[at + rnd.int(len - at)] = target;
            const words = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
            for (let from = 0; from <= len; from++) {
              const to = from + rnd.int(len - from + 1);
              expect(findByte(bytes, words, target, from, to), `len ${len} offset ${offset} from ${from} to ${to} in ${[...bytes]}`).toBe(naive(bytes, target, from, to));
            }
          }
        }
      }
    }
  });
});

const HANDLERS: Handlers = [
  ['a[title]', (el) => el.setAttribute('data-title', el.getAttribute('title') ?? '?')],
  ['annotation-xml', (el) => el.before('[ax]')],
  ['annotation-xmz', (el) => el.before('[az]')],
];

/** Long runs for the word-at-a-time search, names sharing their first eight bytes, mixed case. */
const DOC =
  `<!DOCTYPE html><html><head><title>a title of some length &amp; more</title></head><body>` +
  `<p>text run longer than a few words, with é and 日本 and a > sign before the tag<a title="a value with 'single' quotes > and more than eight bytes" href='x"y>z long enough to span words'>link</a>` +
  `<!-- a comment with - single - dashes and -- doubles, no end yet -- still --><script>var s = "a<b and c>d"; if (x < y) go("</scrip")</script>` +
  `<math><annotation-xml encoding="text/html"><ANNOTATION-XMZ>x</annotation-xmz></annotation-xml></math><Annotation-Xml></annotation-xml>` +
  `<DIV class=one><SPAN>x</span></div><li><p>para</P></li><table><tr><td>cell</td></tr></table><b><i>x</i></b>` +
  `<svg><![CDATA[ a ] b ]] c ]]><foreignObject><div>in</div></foreignObject></svg><h3>h</h3><form><button>b</button></form></body></html>`;

describe('fast paths at every chunk boundary', () => {
  const bytes = enc.encode(DOC);
  const whole = Buffer.from(rewriteChunks([bytes], HANDLERS));

  it('the rewrite happened (the check is not vacuous)', () => {
    const out = whole.toString();
    expect(out).toContain(`data-title="a value with 'single' quotes > and more than eight bytes"`);
    expect(out).toContain('[ax]<annotation-xml');
    expect(out).toContain('[az]<ANNOTATION-XMZ>');
  });

  it('every split point, and every two-way split of a copy at each misaligned offset, gives the one-chunk output', () => {
    for (let i = 0; i <= bytes.length; i++) {
      const out = Buffer.from(rewriteChunks([bytes.subarray(0, i), bytes.subarray(i)], HANDLERS));
      expect(out.equals(whole), `split at byte ${i}`).toBe(true);
    }
    for (let offset = 1; offset < 4; offset++) {
      const backing = new Uint8Array(bytes.length + offset);
      backing.set(bytes, offset);
      const copy = backing.subarray(offset);
      for (let i = 0; i <= copy.length; i += 7) {
        const out = Buffer.from(rewriteChunks([copy.subarray(0, i), copy.subarray(i)], HANDLERS));
        expect(out.equals(whole), `offset ${offset}, split at byte ${i}`).toBe(true);
      }
    }
  });

  it('the same array written again with new content is read anew', () => {
    const out: Uint8Array[] = [];
    const seen: TagToken[] = [];
    const rw = new HtmlRewriter((b) => out.push(b.slice()), { observeTags: (t) => seen.push(t) });
    const buf = new Uint8Array(8);
    for (const part of ['<p class', '="x">abc', '<b>defgh', '</b></p>']) {
      buf.set(enc.encode(part));
      rw.write(buf);
    }
    rw.end();
    expect(Buffer.concat(out).toString()).toBe('<p class="x">abc<b>defgh</b></p>');
    expect(seen.map((t) => `${t.kind} ${t.name}`)).toEqual(['start p', 'start b', 'end b', 'end p']);
  });
});

describe('tag names', () => {
  it('names that share their first eight bytes, or differ only in case or length, are told apart', () => {
    expect(tags('<abcdefgh-1><abcdefgh-2><ABCDEFGH-1><abcdefgh><abcdefg><abcdefghi></abcdefgh-2>')).toEqual([
      '<abcdefgh-1', '<abcdefgh-2', '<abcdefgh-1', '<abcdefgh', '<abcdefg', '<abcdefghi', '</abcdefgh-2',
    ]);
  });

  it('long names whose bytes past the eighth hash alike are told apart', () => {
    // 'a' * 31 + '~' === 'b' * 31 + '_': the same cache slot, so only the byte comparison separates them.
    expect(tags('<abcdefgha~><abcdefghb_><abcdefgha~></abcdefghb_>')).toEqual(['<abcdefgha~', '<abcdefghb_', '<abcdefgha~', '</abcdefghb_']);
  });

  it('names with NUL or non-ASCII bytes keep their own identity', () => {
    expect(tags('<a\0b><a\0c><xé><xè><xé>')).toEqual(['<a\ufffdb', '<a\ufffdc', '<xé', '<xè', '<xé']);
  });
});

describe('an end tag naming the current node', () => {
  it('pops it, except where the end tag has rules of its own', () => {
    // </body> and </html> close nothing: later elements are still inside the body.
    expect(matches('<body><p id=a></p></body><p id=b></p></html><p id=c>', ['body > p'])).toEqual(['p#a body > p', 'p#b body > p', 'p#c body > p']);
    expect(matches('<html>text</html><p id=a>', ['html > p'])).toEqual(['p#a html > p']);
    // </form> also clears the form element pointer, so a second form is an element again.
    expect(matches('<form id=f1></form><form id=f2><input id=i></form>', ['form > input'])).toEqual(['input#i form > input']);
    expect(rewrite('<html><body><p>x</p></body></html>', [['body', (el) => el.append('[b]')], ['html', (el) => el.append('[h]')]])).toBe('<html><body><p>x</p>[b]</body>[h]</html>');
  });
});

describe('selector roles per tag', () => {
  it('a selector added between chunks applies to the tags after it, though their role was known', () => {
    const seen: string[] = [];
    const rw = new HtmlRewriter(() => {});
    rw.on('i', () => void seen.push('i'));
    rw.write(enc.encode('<div><b>1</b><i>2</i>'));
    rw.on('b', () => void seen.push('b'));
    rw.write(enc.encode('<b>3</b><i>4</i></div>'));
    rw.end();
    expect(seen).toEqual(['i', 'b', 'i']);
  });

  it('tags named after thousands of other names (past the role table) still match, as subject and ancestor', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `<x-many-${i}></x-many-${i}>`).join('');
    expect(matches(`${many}<x-late-1><x-late-2 id=a></x-late-2></x-late-1>`, ['x-late-1 > x-late-2'])).toEqual(['x-late-2#a x-late-1 > x-late-2']);
  });
});
