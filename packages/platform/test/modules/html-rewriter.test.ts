import { describe, expect, it } from 'vitest';
import { ReadableStream } from '../../src/realm/streams.ts';
import { HtmlRewritingStream } from '../../src/modules/html-rewriter.ts';

const enc = new TextEncoder();

/** Streams `chunks` (as bytes) through `rw` with pipeThrough and returns the output text. */
async function rewrite(rw: HtmlRewritingStream, chunks: string[]): Promise<string> {
  const source = new ReadableStream<Uint8Array>({
    start(c) {
      for (const s of chunks) c.enqueue(enc.encode(s));
      c.close();
    },
  });
  const out: Uint8Array[] = [];
  for await (const chunk of source.pipeThrough(rw)) out.push(chunk);
  return Buffer.concat(out).toString('utf8');
}

const beacon = '<script src="/beaconTracker.js"></script>';

describe('html-rewriter module: spec §13 worked examples, byte for byte', () => {
  it('head append inserts the script just before </head>', async () => {
    const rw = new HtmlRewritingStream();
    rw.onElement('head', (el) => el.append(beacon));
    const out = await rewrite(rw, ['<html><head><title>Sample Page</title></head><body>Text</body></html>']);
    expect(out).toBe(`<html><head><title>Sample Page</title>${beacon}</head><body>Text</body></html>`);
  });

  it('handlers appending A, B, C run in registration order (append is FIFO)', async () => {
    const rw = new HtmlRewritingStream();
    for (const s of ['A', 'B', 'C']) rw.onElement('div#example', (el) => el.append(s));
    const out = await rewrite(rw, ["<div id='example'></div><div></div>"]);
    expect(out).toBe("<div id='example'>ABC</div><div></div>");
  });

  it('copes with a tag split across chunks and an unclosed trailing element', async () => {
    const rw = new HtmlRewritingStream();
    rw.onElement('head', (el) => el.append(beacon));
    const out = await rewrite(rw, ['<he', 'ad></head>', '<div>hi']);
    expect(out).toBe(`<head>${beacon}</head><div>hi`);
  });

  it("replaceWith('') on div.loggedIn removes the element and its children", async () => {
    const rw = new HtmlRewritingStream();
    let inner = 0;
    rw.onElement('div.loggedIn', (el) => el.replaceWith(''));
    // spec §13 "Matching": no handler runs inside removed content.
    rw.onElement('span', () => inner++);
    const out = await rewrite(rw, ['<body><div class="nav loggedIn">Hi <span>Ann</span><div>x</div></div><p>after</p></body>']);
    expect(out).toBe('<body><p>after</p></body>');
    expect(inner).toBe(0);
  });

  it('setAttribute quote option: <div single=\'single\' double="double">', async () => {
    const rw = new HtmlRewritingStream();
    rw.onElement('div', (el) => {
      el.setAttribute('single', 'single', { quote: "'" });
      el.setAttribute('double', 'double', { quote: '"' });
    });
    expect(await rewrite(rw, ['<div></div>'])).toBe(`<div single='single' double="double"></div>`);
  });

  it('insert_implicit_close adds the missing end tag: <a …>Defrobulator</div>', async () => {
    const rw = new HtmlRewritingStream();
    rw.onElement('a', (el) => el.append(' 2000', { insert_implicit_close: true }));
    const out = await rewrite(rw, ['<div><a href="/d">Defrobulator</div>']);
    expect(out).toBe('<div><a href="/d">Defrobulator 2000</a></div>');
  });
});

describe('html-rewriter module: insertion order table (spec §13)', () => {
  it('before FIFO, prepend LIFO, append FIFO, after LIFO', async () => {
    const rw = new HtmlRewritingStream();
    for (const s of ['A', 'B', 'C']) {
      rw.onElement('div', (el) => {
        el.before(s);
        el.prepend(s);
        el.append(s);
        el.after(s);
      });
    }
    expect(await rewrite(rw, ['<div>…</div>'])).toBe('ABC<div>CBA…ABC</div>CBA');
  });

  it('replaceChildren and replaceWith: the last call wins', async () => {
    const rw = new HtmlRewritingStream();
    rw.onElement('p', (el) => {
      el.replaceChildren('1');
      el.replaceChildren('2');
    });
    rw.onElement('i', (el) => {
      el.replaceWith('<b>1</b>');
      el.replaceWith('<b>2</b>');
    });
    expect(await rewrite(rw, ['<p>old <em>x</em></p><i>gone</i>'])).toBe('<p>2</p><b>2</b>');
  });

  it('inserted text is not matched (spec §13 "Matching")', async () => {
    const rw = new HtmlRewritingStream();
    let seen = 0;
    rw.onElement('div', (el) => el.after('<div>new</div>'));
    rw.onElement('div', () => seen++);
    expect(await rewrite(rw, ['<div>a</div>'])).toBe('<div>a</div><div>new</div>');
    expect(seen).toBe(1);
  });

  it('el.tag is lower case and el.selector is the string given to onElement', async () => {
    const rw = new HtmlRewritingStream();
    const seen: string[] = [];
    rw.onElement('DIV > IMG', (el) => seen.push(`${el.tag}|${el.selector}`));
    await rewrite(rw, ['<DIV><IMG SRC=x></DIV>']);
    expect(seen).toEqual(['img|DIV > IMG']);
  });

  it('removeAttribute returns the removed value; lookups are case-insensitive', async () => {
    const rw = new HtmlRewritingStream();
    const got: unknown[] = [];
    rw.onElement('img', (el) => {
      got.push(el.getAttribute('SRC'), el.removeAttribute('Alt'), el.removeAttribute('nope'), el.getAttribute('alt'));
    });
    expect(await rewrite(rw, ['<img SRC="a.png" ALT="A &amp; B">'])).toBe('<img SRC="a.png">');
    expect(got).toEqual(['a.png', 'A & B', undefined, undefined]);
  });

  it('setAttribute escapes the value and rejects an illegal name with TypeError', async () => {
    const rw = new HtmlRewritingStream();
    const errors: unknown[] = [];
    rw.onElement('a', (el) => {
      el.setAttribute('title', `"Tom" & 'Jerry'`);
      try {
        el.setAttribute('on click', 'x');
      } catch (e) {
        errors.push(e);
      }
    });
    expect(await rewrite(rw, ['<a>x</a>'])).toBe(`<a title="&quot;Tom&quot; &amp; 'Jerry'">x</a>`);
    expect(errors[0]).toBeInstanceOf(TypeError);
    expect(String(errors[0])).toMatch(/"on click" is not a valid attribute name/);
  });
});

describe('html-rewriter module: platform rules', () => {
  it('an unsupported selector throws at onElement, naming the part', () => {
    const rw = new HtmlRewritingStream();
    expect(() => rw.onElement('li:first-child', () => {})).toThrow(/":first-child".*only the :not\(\.\.\.\) pseudo-class/);
    expect(() => rw.onElement('h1 + p', () => {})).toThrow(/"\+" sibling combinator/);
  });

  it('rejects string chunks: input must be bytes (spec §13 "Usage")', async () => {
    const rw = new HtmlRewritingStream();
    const writer = rw.writable.getWriter();
    const reading = rw.readable.getReader().read();
    await expect(writer.write('<p>' as unknown as Uint8Array)).rejects.toThrow(/must be bytes.*TextEncoderStream/);
    await expect(reading).rejects.toThrow(TypeError);
  });

  it('accepts ArrayBuffer chunks and works with pipeTo(writable)', async () => {
    const rw = new HtmlRewritingStream();
    rw.onElement('b', (el) => el.replaceChildren('bold'));
    const collected: Uint8Array[] = [];
    const reading = (async () => {
      for await (const c of rw.readable) collected.push(c);
    })();
    const w = rw.writable.getWriter();
    await w.write(enc.encode('<p><b>x').buffer);
    await w.write(enc.encode('y</b></p>'));
    await w.close();
    await reading;
    expect(Buffer.concat(collected).toString()).toBe('<p><b>bold</b></p>');
  });

  it('an async handler errors the stream: handlers are synchronous only (spec §13 "Handlers")', async () => {
    const rw = new HtmlRewritingStream();
    rw.onElement('p', async () => {});
    await expect(rewrite(rw, ['<p>x</p>'])).rejects.toThrow(/handlers must be synchronous/);
  });

  it('an Element must not be kept after its handler returns (spec §13 "Handlers")', async () => {
    const rw = new HtmlRewritingStream();
    const kept: { append(t: string): void }[] = [];
    rw.onElement('p', (el) => void kept.push(el));
    await rewrite(rw, ['<p>x</p>']);
    expect(() => kept[0].append('late')).toThrow(/only valid during the handler call/);
  });
});
