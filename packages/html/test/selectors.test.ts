import { describe, expect, it } from 'vitest';
import { parseSelector, SelectorError } from '../src/index.ts';
import { matches } from './support/run.ts';

const ids = (html: string, selector: string): string[] => matches(html, [selector]).map((h) => h.split(' ')[0]);

describe('selector parsing (spec §13 "Selectors")', () => {
  it('parses every documented form', () => {
    for (const s of ['div', '*', '.a', '#b', '[x]', '[x=y]', '[x="y z"]', "[x='y']", '[x~=y]', '[x|=en]', '[x^=a]', '[x$=a]', '[x*=a]', '[x=a i]', 'a b', 'a > b', 'a>b', 'img:not(#hero)', 'a:not(.x, [rel])', 'div, p', 'script[type=module]', 'DIV.A#B[C]']) {
      expect(() => parseSelector(s), s).not.toThrow();
    }
  });

  it.each([
    ['li:first-child', ':first-child', /only the :not/],
    ['a + b', '+', /"\+" sibling combinator/],
    ['a ~ b', '~', /"~" sibling combinator/],
    ['svg|rect', 'svg|rect', /namespaced type/],
    ['[x', '[x', /attribute operator .* or \]/],
    ['[x="y]', '"y]', /unterminated/],
    ['', '(end of selector)', /missing/],
    ['div >', '(end of selector)', /missing/],
    ['a:not(b c)', 'c)', /inside :not/],
    ['.', '(end of selector)', /class name/],
    ['#1a', '1a', /an id/],
    ['a::before', '::before', /only the :not/],
    ['[x!=y]', '[x!=y]', /attribute operator/],
  ])('rejects %j naming the part %j', (selector, part, rule) => {
    let error: unknown;
    try {
      parseSelector(selector);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SelectorError);
    expect((error as SelectorError).part).toBe(part);
    expect((error as Error).message).toMatch(rule);
    expect((error as Error).message).toContain(JSON.stringify(selector));
  });
});

describe('selector matching', () => {
  const doc =
    '<body><div id=d1 class="card big" data-x="en-US" lang=EN><p id=p1 class=big>' +
    '<img id=i1 src=/a.png alt="A &amp; B"><img id=hero class="img hero" src=/h.png></p></div>' +
    '<DIV ID=d2><SPAN ID=s1><IMG ID=i2 SRC="https://x/y.PNG"></SPAN></DIV><img id=i3 loading=lazy></body>';

  it('type, universal, case-insensitive tag names', () => {
    expect(ids(doc, 'img')).toEqual(['img#i1', 'img#hero', 'img#i2', 'img#i3']);
    expect(ids(doc, 'IMG')).toEqual(['img#i1', 'img#hero', 'img#i2', 'img#i3']);
    expect(ids('<a><b></b></a>', '*')).toEqual(['a', 'b']);
  });

  it('.class and #id (several classes must all be present; values are case-sensitive)', () => {
    expect(ids(doc, '.big')).toEqual(['div#d1', 'p#p1']);
    expect(ids(doc, '.card.big')).toEqual(['div#d1']);
    expect(ids(doc, '.card.small')).toEqual([]);
    expect(ids(doc, '#hero')).toEqual(['img#hero']);
    expect(ids(doc, 'div#d2')).toEqual(['div#d2']);
    expect(ids(doc, '.BIG')).toEqual([]);
  });

  it('attribute operators, with decoded values and the i flag', () => {
    expect(ids(doc, '[loading]')).toEqual(['img#i3']);
    expect(ids(doc, '[alt="A & B"]')).toEqual(['img#i1']);
    expect(ids(doc, '[class~=hero]')).toEqual(['img#hero']);
    expect(ids(doc, '[data-x|=en]')).toEqual(['div#d1']);
    expect(ids(doc, '[src^="/"]')).toEqual(['img#i1', 'img#hero']);
    expect(ids(doc, '[src$=".png"]')).toEqual(['img#i1', 'img#hero']);
    expect(ids(doc, '[src$=".png" i]')).toEqual(['img#i1', 'img#hero', 'img#i2']);
    expect(ids(doc, '[src*="//x/"]')).toEqual(['img#i2']);
    expect(ids(doc, '[lang=en]')).toEqual([]);
    expect(ids(doc, '[lang=en i]')).toEqual(['div#d1']);
    expect(ids(doc, '[src^=""]')).toEqual([]);
  });

  it('descendant and child combinators', () => {
    expect(ids(doc, 'div img')).toEqual(['img#i1', 'img#hero', 'img#i2']);
    expect(ids(doc, 'div > img')).toEqual([]);
    expect(ids(doc, 'p > img')).toEqual(['img#i1', 'img#hero']);
    expect(ids(doc, 'div > span > img')).toEqual(['img#i2']);
    expect(ids(doc, 'body > div img')).toEqual(['img#i1', 'img#hero', 'img#i2']);
    expect(ids(doc, 'div.card p img')).toEqual(['img#i1', 'img#hero']);
    expect(ids(doc, 'body > img')).toEqual(['img#i3']);
  });

  it(':not() of compounds and lists', () => {
    expect(ids(doc, 'img:not(#hero)')).toEqual(['img#i1', 'img#i2', 'img#i3']);
    expect(ids(doc, 'img:not(.hero, [loading])')).toEqual(['img#i1', 'img#i2']);
    expect(ids(doc, 'div img:not(.hero)')).toEqual(['img#i1', 'img#i2']);
    expect(ids(doc, ':not(img)').length).toBe(5);
    expect(ids(doc, 'div:not(.card) img')).toEqual(['img#i2']);
  });

  it('a comma list matches once per element, handlers still in registration order', () => {
    expect(ids(doc, '#i1, img[alt], p')).toEqual(['p#p1', 'img#i1']);
    expect(matches('<a id=x></a>', ['#x', 'a', '*'])).toEqual(['a#x #x', 'a#x a', 'a#x *']);
  });

  it('uses the tree, not just the tags: implied end tags close elements', () => {
    // <p> is closed by <div>; <li> by the next <li>: the img is not inside the first li.
    expect(ids('<p id=p><div id=d></div>', 'p div')).toEqual([]);
    expect(ids('<ul><li id=a>x<li id=b><img id=i></ul>', 'li#a img')).toEqual([]);
    expect(ids('<ul><li id=a>x<li id=b><img id=i></ul>', 'li#b > img')).toEqual(['img#i']);
    expect(ids('<table><tr><td id=c1>1<td id=c2><b id=b>2</b></table>', 'td#c2 b')).toEqual(['b#b']);
  });

  it('sees svg children and leaves foreign content on breakout tags', () => {
    expect(ids('<svg><g><circle id=c /></g></svg><p><span id=s></span>', 'svg circle')).toEqual(['circle#c']);
    expect(ids('<svg><g><p id=p><span id=s></span></g></svg>', 'svg span')).toEqual([]);
  });
});
