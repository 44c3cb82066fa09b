import { describe, expect, it } from 'vitest';
import { StaleElementError, type Element } from '../src/index.ts';
import { rewrite } from './support/run.ts';

const on = (selector: string, handler: (el: Element) => void): [string, (el: Element) => void] => [selector, handler];

describe('insertion points (spec §13 table)', () => {
  it('each method inserts at its point; untouched bytes pass through as they are', () => {
    const out = rewrite('<P CLASS = "x" >one <b>two</b></P  >', [
      on('p', (el) => {
        el.before('[b]');
        el.prepend('[p]');
        el.append('[a]');
        el.after('[f]');
      }),
    ]);
    expect(out).toBe('[b]<P CLASS = "x" >[p]one <b>two</b>[a]</P  >[f]');
  });

  it('replaceChildren keeps the tags and drops the children; prepend/append still surround it', () => {
    expect(rewrite('<div><p>old</p>text</div>', [on('div', (el) => el.replaceChildren('<i>new</i>'))])).toBe('<div><i>new</i></div>');
    expect(rewrite('<div>old</div>', [on('div', (el) => (el.prepend('1'), el.replaceChildren('2'), el.append('3')))])).toBe('<div>123</div>');
  });

  it('replaceWith keeps before and after content', () => {
    expect(rewrite('a<div>old</div>z', [on('div', (el) => (el.before('<'), el.replaceWith('R'), el.after('>')))])).toBe('a<R>z');
  });

  it('replaceWith wins over replaceChildren and drops prepend/append', () => {
    expect(rewrite('<div>x</div>', [on('div', (el) => (el.replaceChildren('c'), el.prepend('p'), el.append('a'), el.replaceWith('w')))])).toBe('w');
  });

  it('removal covers raw text content (a script) and ends at the end tag', () => {
    expect(rewrite('<script src=t.js>if (a</b) {}</script><p>', [on('script[src]', (el) => el.replaceWith(''))])).toBe('<p>');
  });

  it('no matching inside replaced or removed children, and none in inserted text', () => {
    const seen: string[] = [];
    const out = rewrite('<div id=a><span id=in></span></div><span id=out></span>', [
      on('div', (el) => el.replaceChildren('<span id=new></span>')),
      on('span', (el) => void seen.push(el.getAttribute('id') ?? '')),
    ]);
    expect(out).toBe('<div id=a><span id=new></span></div><span id=out></span>');
    expect(seen).toEqual(['out']);
  });

  it('void elements: before/after around the tag; prepend/append/replaceChildren have no place to go', () => {
    expect(rewrite('<img src=x><br>', [on('img', (el) => (el.before('1'), el.after('2'), el.after('3'), el.prepend('no'), el.append('no'), el.replaceChildren('no')))])).toBe(
      '1<img src=x>32<br>',
    );
    expect(rewrite('<p><img src=x></p>', [on('img', (el) => el.replaceWith('<picture></picture>'))])).toBe('<p><picture></picture></p>');
  });

  it('an element closed implicitly takes its append/after where it ends; insert_implicit_close adds the end tag', () => {
    const h = on('p', (el) => (el.append('A'), el.after('F')));
    expect(rewrite('<p>one<div>two</div>', [h])).toBe('<p>oneAF<div>two</div>');
    const c = on('p', (el) => el.append('A', { insert_implicit_close: true }));
    expect(rewrite('<p>one<div>two</div>', [c])).toBe('<p>oneA</p><div>two</div>');
    expect(rewrite('<p>one</p>', [c])).toBe('<p>oneA</p>');
    expect(rewrite('<ul><li>a<li>b</ul>', [on('li', (el) => el.after('|', { insert_implicit_close: true }))])).toBe('<ul><li>a</li>|<li>b</li>|</ul>');
    expect(rewrite('<div>open to the end', [on('div', (el) => el.replaceChildren('x', { insert_implicit_close: true }))])).toBe('<div>x</div>');
  });

  it('</body> and </html> are the insertion points of body and html', () => {
    const out = rewrite('<html><body><p>x</body></html>', [
      on('body', (el) => el.append('<script>b</script>')),
      on('html', (el) => el.append('<!--h-->')),
    ]);
    expect(out).toBe('<html><body><p>x<script>b</script></body><!--h--></html>');
  });

  it('handlers of one element run in registration order and share its state', () => {
    const out = rewrite('<a class=x>t</a>', [
      on('a', (el) => el.removeAttribute('class')),
      // spec §13 "Matching": selectors see the incoming text, so .x still matches.
      on('a.x', (el) => el.setAttribute('data-b', el.getAttribute('class') ?? 'gone')),
    ]);
    expect(out).toBe('<a data-b="gone">t</a>');
  });
});

describe('attributes', () => {
  it('getAttribute decodes character references and is case-insensitive; missing is undefined', () => {
    const got: unknown[] = [];
    rewrite(`<a HREF="/x?a=1&amp;b=2" title='&quot;q&quot; &lt;&#x41;&#66;&gt;' data-e=&notin; hidden>`, [
      on('a', (el) => void got.push(el.getAttribute('href'), el.getAttribute('TITLE'), el.getAttribute('data-e'), el.getAttribute('hidden'), el.getAttribute('nope'))),
    ]);
    expect(got).toEqual(['/x?a=1&b=2', '"q" <AB>', '∉', '', undefined]);
  });

  it('setAttribute replaces in place, appends new ones before a trailing slash, escapes the value', () => {
    expect(rewrite('<img src=a.png alt=old />', [on('img', (el) => (el.setAttribute('alt', 'new "one" & co'), el.setAttribute('loading', 'lazy')))])).toBe(
      '<img src=a.png alt="new &quot;one&quot; &amp; co" loading="lazy" />',
    );
    expect(rewrite('<p>', [on('p', (el) => el.setAttribute('t', `it's`, { quote: "'" }))])).toBe(`<p t='it&#39;s'>`);
    expect(rewrite('<p>', [on('p', (el) => el.setAttribute('data-X', 'v'))])).toBe('<p data-x="v">');
  });

  it('removeAttribute returns the old value and drops every duplicate', () => {
    const got: unknown[] = [];
    const out = rewrite('<a x=1 y=2 X=3>', [on('a', (el) => void got.push(el.removeAttribute('x'), el.removeAttribute('x'), el.getAttribute('y')))]);
    expect(out).toBe('<a y=2>');
    expect(got).toEqual(['1', undefined, '2']);
  });

  it('keeps the attributes it did not touch byte for byte, even odd ones', () => {
    const out = rewrite(`<div a='1'b="2"  c  d=e/f g="x>y">`, [on('div', (el) => el.setAttribute('c', 'set'))]);
    expect(out).toBe(`<div a='1' b="2"  c="set"  d=e/f g="x>y">`);
  });

  it('an invalid attribute name is a TypeError naming the value and the rule; other bad arguments too', () => {
    const errors: unknown[] = [];
    const tryIt = (fn: () => void): void => {
      try {
        fn();
      } catch (e) {
        errors.push(e);
      }
    };
    rewrite('<p>', [
      on('p', (el) => {
        tryIt(() => el.setAttribute('', 'x'));
        tryIt(() => el.setAttribute('a"b', 'x'));
        tryIt(() => el.setAttribute('a', 1 as unknown as string));
        tryIt(() => el.setAttribute('a', 'x', { quote: '`' as '"' }));
        tryIt(() => el.append(null as unknown as string));
        tryIt(() => el.after('x', { insert_implicit_close: 'yes' as unknown as boolean }));
      }),
    ]);
    expect(errors).toHaveLength(6);
    for (const e of errors) expect(e).toBeInstanceOf(TypeError);
    expect(String(errors[1])).toMatch(/"a\\"b" is not a valid attribute name/);
    expect(String(errors[3])).toMatch(/opt.quote must be "'" or '"', got "`"/);
  });
});

describe('handler rules', () => {
  it('el.tag is the lower-case name and el.selector the string registered', () => {
    const seen: string[] = [];
    rewrite('<SVG><foreignObject></foreignObject></SVG>', [on('*', (el) => void seen.push(`${el.tag}:${el.selector}`))]);
    expect(seen).toEqual(['svg:*', 'foreignobject:*']);
  });

  it('an Element kept after its handler throws StaleElementError', () => {
    let kept: Element | undefined;
    rewrite('<p>', [on('p', (el) => void (kept = el))]);
    expect(() => kept?.before('x')).toThrow(StaleElementError);
    expect(kept?.tag).toBe('p');
  });

  it('an exception in a handler propagates out of write()', () => {
    expect(() =>
      rewrite('<p>', [
        on('p', () => {
          throw new Error('boom');
        }),
      ]),
    ).toThrow('boom');
  });

  it('inserted text may be any Unicode; it is written as UTF-8', () => {
    expect(rewrite('<p>', [on('p', (el) => el.after('é😀'))])).toBe('<p>é😀');
  });
});
