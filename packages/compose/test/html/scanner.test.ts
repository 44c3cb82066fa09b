import { describe, expect, it } from 'vitest';
import { scanTemplate, TemplateScanner, type TemplateEvent } from '../../src/html/template/scanner.ts';
import { normalise } from '../helpers/template-events.ts';

function scanInChunks(template: string, size: number): TemplateEvent[] {
  const events: TemplateEvent[] = [];
  const scanner = new TemplateScanner((e) => events.push(e));
  for (let i = 0; i < template.length; i += size) scanner.write(template.slice(i, i + size));
  scanner.end();
  return normalise(events);
}

const PAGE = `<!doctype html><html><head><title>x</title><!-- <weft-slot name="ignored"/> --></head>
<body><weft-slot name="header"></weft-slot>
<weft-slot name="hero"><p class="fallback">Welcome</p></weft-slot>
<esi:remove><a href="/promo">promo</a></esi:remove>
<!--esi <esi:include src="/promo?c=$(GEO{country_code})" alt="/promo/default" onerror="continue"/> -->
<esi:choose><esi:when test="$(HTTP_COOKIE{tier}) == 'gold'">gold</esi:when><esi:otherwise>std</esi:otherwise></esi:choose>
<esi:comment text="dropped"/><esi:vars>Hi $(HTTP_COOKIE{name})</esi:vars>
<WEFT-SLOT name=footer /></body></html>`;

describe('template scanner', () => {
  it('finds slots and ESI constructs and passes everything else through', () => {
    const events = normalise(scanTemplate(PAGE));
    expect(events.map((e) => e.type)).toEqual([
      'text', 'slot', 'text', 'slot', 'text', 'include', 'text',
      'open', 'open', 'text', 'close', 'open', 'text', 'close', 'close', 'text', 'vars', 'text', 'slot', 'text',
    ]);
    expect(events[0]).toEqual({ type: 'text', text: '<!doctype html><html><head><title>x</title><!-- <weft-slot name="ignored"/> --></head>\n<body>' });
    expect(events[3]).toMatchObject({ type: 'slot', name: 'hero', fallback: '<p class="fallback">Welcome</p>' });
    expect(events[5]).toEqual({
      type: 'include',
      attributes: { src: '/promo?c=$(GEO{country_code})', alt: '/promo/default', onerror: 'continue' },
    });
    // the <!--esi wrapper and the removed block leave only their surrounding whitespace
    expect(events[4]).toEqual({ type: 'text', text: '\n\n ' });
    expect(events[8]).toMatchObject({ type: 'open', tag: 'when', attributes: { test: "$(HTTP_COOKIE{tier}) == 'gold'" } });
    expect(events[16]).toEqual({ type: 'vars', text: 'Hi $(HTTP_COOKIE{name})' });
    expect(events[18]).toMatchObject({ type: 'slot', name: 'footer', fallback: '' });
  });

  it('gives the same events whatever the chunk size (every split point)', () => {
    const whole = normalise(scanTemplate(PAGE));
    for (const size of [1, 2, 3, 5, 7, 11, 13, 64]) expect(scanInChunks(PAGE, size)).toEqual(whole);
  });

  it('keeps a "<" that starts no construct, including at the very end', () => {
    expect(normalise(scanTemplate('a < b <weft-slotted> <esi'))).toEqual([{ type: 'text', text: 'a < b <weft-slotted> <esi' }]);
    expect(scanInChunks('x <!-', 1)).toEqual([{ type: 'text', text: 'x <!-' }]);
  });

  it('rejects what cannot be assembled, naming the construct', () => {
    expect(() => scanTemplate('<weft-slot></weft-slot>')).toThrow(/needs a name attribute/);
    expect(() => scanTemplate('<weft-slot name="a">never closed')).toThrow(/<weft-slot name="a"> is never closed/);
    expect(() => scanTemplate('<esi:inline name="x"/>')).toThrow(/<esi:inline> is not supported \(supported: include/);
    expect(() => scanTemplate('<esi:remove>x')).toThrow(/<esi:remove> is never closed/);
    expect(() => scanTemplate('<esi:include src="/a"')).toThrow(/never closed with ">"/);
  });
});

describe('template scanner, generated templates at random chunk boundaries', () => {
  // A small deterministic generator (no Math.random: the test must be repeatable).
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const PIECES = [
    'text ', '<p class="a">', '</p>', '<!-- c -->', '<!-- <weft-slot name="no"/> -->', '<weft-slot name="s"></weft-slot>',
    '<weft-slot name="t">fb <b>x</b></weft-slot>', '<esi:include src="/x?a=$(QUERY_STRING{a})"/>', '<esi:remove>gone</esi:remove>',
    '<!--esi <i>kept</i> -->', '<esi:vars>$(HTTP_HOST)</esi:vars>', '<esi:choose><esi:when test="1 == 1">w</esi:when></esi:choose>',
    '< not a tag', 'a<b', '<esi:comment text="x"/>', '€é漢',
  ];

  it('gives the same events for 200 templates split at random points', () => {
    for (let n = 0; n < 200; n++) {
      let template = '';
      for (let i = 0; i < 12; i++) template += PIECES[rand(PIECES.length)];
      const whole = normalise(scanTemplate(template));
      const events: TemplateEvent[] = [];
      const scanner = new TemplateScanner((e) => events.push(e));
      for (let at = 0; at < template.length; ) {
        const size = 1 + rand(9);
        scanner.write(template.slice(at, at + size));
        at += size;
      }
      scanner.end();
      expect(normalise(events)).toEqual(whole);
    }
  });
});
