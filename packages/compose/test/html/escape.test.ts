import { describe, expect, it } from 'vitest';
import { escapeAttribute, escapeText, html, isRawHtml, raw, toMarkup } from '../../src/html/escape.ts';

describe('escaping', () => {
  it('escapes text and attribute values', () => {
    expect(escapeText(`<b a="1">&'`)).toBe(`&lt;b a="1"&gt;&amp;'`);
    expect(escapeAttribute(`<b a="1">&'`)).toBe('&lt;b a=&quot;1&quot;&gt;&amp;&#39;');
  });

  it('html`` escapes interpolations, passes raw() and nested html``, drops null/undefined/false', () => {
    const name = '<img src=x onerror=alert(1)>';
    const item = (t: string) => html`<li title="${t}">${t}</li>`;
    const out = html`<p class="${'a" onclick="x'}">${name}${raw('<br>')}${null}${undefined}${false}${0}</p><ul>${['a', '"b"'].map(item)}</ul>`;
    expect(isRawHtml(out)).toBe(true);
    expect(out.html).toBe(
      '<p class="a&quot; onclick=&quot;x">&lt;img src=x onerror=alert(1)&gt;<br>0</p>' +
        '<ul><li title="a">a</li><li title="&quot;b&quot;">&quot;b&quot;</li></ul>',
    );
  });

  it('a plain string is text; markup needs the explicit opt-in', () => {
    expect(toMarkup('<script>')).toBe('&lt;script&gt;');
    expect(toMarkup(raw('<script>'))).toBe('<script>');
    // a look-alike object is not raw markup
    expect(isRawHtml({ html: '<script>' })).toBe(false);
  });

  it('rejects values that are not renderable, naming what it got', () => {
    expect(() => html`${{ toString: () => 'x' } as unknown as string}`).toThrow(/got \[object Object\]/);
    expect(() => raw(1 as unknown as string)).toThrow(/markup must be a string, got number/);
  });
});
