/**
 * The scanner's asset marks (`marks: true`, as definePage scans): `<weft-styles>`, `<weft-scripts>`,
 * `</head` and `</body` give the same events however the template is chunked, and never inside a
 * comment, a slot's fallback or `<esi:remove>`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanTemplate, TemplateScanner, type TemplateEvent } from '../../src/html/template/scanner.ts';
import { normalise, writeInPieces } from '../helpers/template-events.ts';

function chunked(template: string, cuts: number[]): TemplateEvent[] {
  const events: TemplateEvent[] = [];
  const scanner = new TemplateScanner((e) => events.push(e), 'template', { marks: true });
  writeInPieces(scanner, template, cuts);
  scanner.end();
  return normalise(events);
}

const TEMPLATE =
  '<html><head><weft-styles></weft-styles><!-- </head> --><title>x</title></HEAD>' +
  '<body><weft-slot name="a"></body></weft-slot><esi:remove></body></esi:remove><weft-scripts/><p>\n</bodyx></body\n></html>';

describe('asset marks', () => {
  it('are found in markup only, and the weft- markers are dropped', () => {
    expect(normalise(scanTemplate(TEMPLATE, undefined, { marks: true }))).toEqual([
      { type: 'text', text: '<html><head>' },
      { type: 'mark', mark: 'styles' },
      { type: 'text', text: '<!-- </head> --><title>x</title>' },
      { type: 'mark', mark: 'head-end' },
      { type: 'text', text: '</HEAD><body>' },
      { type: 'slot', name: 'a', fallback: '</body>', attributes: { name: 'a' } },
      { type: 'mark', mark: 'scripts' },
      { type: 'text', text: '<p>\n</bodyx>' },
      { type: 'mark', mark: 'body-end' },
      { type: 'text', text: '</body\n></html>' },
    ]);
  });

  it('are off by default: a plain scan passes the markers on as text', () => {
    expect(normalise(scanTemplate('<head><weft-styles/></head>'))).toEqual([{ type: 'text', text: '<head><weft-styles/></head>' }]);
  });

  it('give the same events however the template is chunked', () => {
    const whole = chunked(TEMPLATE, []);
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
      expect(chunked(TEMPLATE, cuts)).toEqual(whole);
    }));
  });
});
