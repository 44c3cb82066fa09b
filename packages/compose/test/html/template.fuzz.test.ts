/**
 * Property-based tests for the assembly template scanner and the source-URL templates of
 * @weft/compose: templates come from origins, so the scanner must give the same events however the
 * bytes are chunked, fail only with HtmlTemplateError, and keep memory and work bounded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DefinitionError } from '../../src/core/errors.ts';
import { compileTemplate } from '../../src/core/template.ts';
import { HtmlTemplateError } from '../../src/html/errors.ts';
import { parseAttributes } from '../../src/html/template/attributes.ts';
import { scanTemplate, TemplateScanner, type TemplateEvent } from '../../src/html/template/scanner.ts';
import { normalise, writeInPieces } from '../helpers/template-events.ts';

type Outcome = { events: TemplateEvent[] } | { error: string };

function scan(template: string, cuts: number[]): Outcome {
  const events: TemplateEvent[] = [];
  const scanner = new TemplateScanner((e) => events.push(e));
  try {
    writeInPieces(scanner, template, cuts);
    scanner.end();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(HtmlTemplateError);
    return { error: 'HtmlTemplateError' };
  }
  return { events: normalise(events) };
}

// Templates built from the scanner's own constructs, broken pieces and markup, in any order.
const piece = fc.oneof(
  fc.constantFrom(
    '<weft-slot name="a">', '<weft-slot name=b/>', '</weft-slot>', '</WEFT-SLOT  >', '</weft-slot\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n>',
    '<esi:include src="/f" alt=\'/g\'/>', '<esi:remove>', '</esi:remove>', '<esi:vars>', '</esi:vars>', '<esi:comment text="x"/>',
    '<esi:choose>', '<esi:when test="1">', '</esi:when>', '<esi:otherwise>', '</esi:choose>', '<esi:try>', '<esi:attempt>', '</esi:attempt>', '</esi:try>',
    '<!--esi ', ' -->', '<!--', '-->', '<', '>', '"', "'", '<p class="x">', '</p>', '<weft-slotted>', '<esi', '<esi:bogus/>', 'text', ' ',
  ),
  fc.string({ maxLength: 3 }),
);
const template = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(''));

describe('template fuzz: the assembly scanner', () => {
  it('gives the same events, or the same HtmlTemplateError, however the template is chunked', () => {
    fc.assert(
      fc.property(template, fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        expect(scan(text, cuts)).toEqual(scan(text, []));
      }),
      { numRuns: 1500 },
    );
  });

  it('passes through every character outside its constructs: plain markup comes out unchanged', () => {
    const markup = fc.string({ unit: fc.constantFrom('<', '>', 'p', '/', ' ', '"', 'a', '=', '!', '-', 'w', 'e'), maxLength: 40 }).filter((s) => !/<(\/?esi:|\/?weft-slot|!--)/i.test(s));
    fc.assert(
      fc.property(markup, fc.array(fc.nat(), { maxLength: 4 }), (text, cuts) => {
        const outcome = scan(text, cuts);
        expect(outcome).toEqual({ events: text === '' ? [] : [{ type: 'text', text }] });
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a bounded tail between chunks: an endless unclosed tag fails instead of growing', () => {
    fc.assert(
      fc.property(fc.constantFrom('<esi:include src="', '<weft-slot name=\'x'), fc.integer({ min: 1, max: 64 }), (start, chunk) => {
        const scanner = new TemplateScanner(() => {});
        let written = 0;
        expect(() => {
          scanner.write(start);
          // Generous iteration bound: 20 times the 8 KB tag limit.
          while (written < 20 * 8192) {
            scanner.write('y'.repeat(chunk));
            written += chunk;
          }
        }).toThrow(HtmlTemplateError);
        expect(written).toBeLessThanOrEqual(8192 + 64);
      }),
      { numRuns: 30 },
    );
  });

  it('attributes read as a first-wins map of every name, whatever the name', () => {
    const attributeName = fc.oneof(fc.constantFrom('src', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'), fc.string({ unit: fc.constantFrom('a', 'B', '-', ':'), minLength: 1, maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(attributeName, fc.string({ unit: fc.constantFrom('a', ' ', '/', '&amp;', '>'), maxLength: 5 })), { maxLength: 5 }), (pairs) => {
        const parsed = parseAttributes(pairs.map(([name, value]) => ` ${name}="${value}"`).join(''));
        const expected = new Map<string, string>();
        for (const [name, value] of pairs) if (!expected.has(name.toLowerCase())) expected.set(name.toLowerCase(), value.replaceAll('&amp;', '&'));
        expect(Object.keys(parsed).sort()).toEqual([...expected.keys()].sort());
        for (const [name, value] of expected) expect(Object.getOwnPropertyDescriptor(parsed, name)?.value).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  // Shrunk counterexamples of the properties above: a slot's end tag whose whitespace ran past 32
  // characters at a chunk boundary was taken for fallback text, and the slot "never closed".
  it('finds a slot end tag split inside a long run of whitespace', () => {
    const text = `<weft-slot name="a"></weft-slot${'\n'.repeat(30)}>`;
    expect(scan(text, [text.length - 1])).toEqual(scan(text, []));
    expect(scan(text, [])).toEqual({ events: [{ type: 'slot', name: 'a', fallback: '', attributes: { name: 'a' } }] });
  });

  it('keeps an attribute named like an Object.prototype member', () => {
    expect(scanTemplate('<esi:include constructor="a" src="/x"/>')).toEqual([{ type: 'include', attributes: { constructor: 'a', src: '/x' } }]);
  });
});

describe('template fuzz: source URL templates', () => {
  it('compiles any string or refuses it with DefinitionError; a compiled one renders its literals back', () => {
    const source = fc.array(fc.oneof(fc.constantFrom('{', '}', '{params.id}', '{query.q|x}', '{cart.items.0}', '{location.country}', '{|}', '{a.}', '/api/', '?', '&', '|', '.'), fc.string({ maxLength: 3 })), { maxLength: 8 }).map((p) => p.join(''));
    fc.assert(
      fc.property(source, (text) => {
        try {
          const compiled = compileTemplate(text, 'source "s"');
          if (compiled.dependencies.length === 0 && !text.includes('{')) {
            expect(compiled.render({} as never, {}, false)).toBe(text);
          }
        } catch (error) {
          expect(error, String(error)).toBeInstanceOf(DefinitionError);
        }
      }),
      { numRuns: 800 },
    );
  });
});
