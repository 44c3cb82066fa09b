import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { definePage, html, raw, type PageData, type RawHtml } from '../../src/html/index.ts';

describe('types carry the design', () => {
  it("infers each data source's type from its schema (undefined when it failed)", () => {
    const Promos = z.object({ items: z.array(z.object({ title: z.string() })) });
    type Data = PageData<{ promos: { url: string; schema: typeof Promos }; raw: { url: string } }>;
    expectTypeOf<Data['promos']>().toEqualTypeOf<{ items: { title: string }[] } | undefined>();
    expectTypeOf<Data['raw']>().toEqualTypeOf<unknown>();
    definePage({
      template: '<weft-slot name="p"></weft-slot>',
      data: { promos: { url: '/promos', schema: Promos } },
      slots: {
        p: {
          dependsOn: ['promos'],
          when: (_ctx, data) => {
            expectTypeOf(data.promos).toEqualTypeOf<{ items: { title: string }[] } | undefined>();
            return true;
          },
          render: (_ctx, data) => html`<ul>${data.promos?.items.map((i) => html`<li>${i.title}</li>`)}</ul>`,
        },
      },
    });
  });

  it('markup is a branded type: only raw() and html`` make one', () => {
    expectTypeOf(raw('<b>')).toEqualTypeOf<RawHtml>();
    expectTypeOf(html`<b>${'x'}</b>`).toEqualTypeOf<RawHtml>();
    // @ts-expect-error a look-alike object is not markup
    const fake: RawHtml = { html: '<b>' };
    void fake;
    // dependsOn names a declared data source only: refused by the type checker and at run time
    expect(() =>
      // @ts-expect-error "b" is not a data source
      definePage({ template: '<weft-slot name="p"/>', data: { a: { url: '/a' } }, slots: { p: { dependsOn: ['b'], content: 'x' } } }),
    ).toThrow(/slots.p.dependsOn: "b" is not a data source \(declared: a\)/);
  });
});
