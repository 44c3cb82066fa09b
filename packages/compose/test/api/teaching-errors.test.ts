/**
 * Issue 15: the three misuses of the builder a newcomer meets first are compile errors whose text
 * names the mistake: a dependency declared later, a retried write, a typo in a path into a
 * dependency's data. The `@ts-expect-error` lines are checked by `pnpm typecheck`; the words the
 * compiler says are checked here, by compiling test/fixtures/type-errors/misuses.ts with the
 * repository's compiler options. Each misuse also fails at load time for code that escapes the types.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod/mini';
import { api, type DependencyName, type RetryFor } from '../../src/index.ts';
import { typeCheck } from '../helpers/type-check.ts';

const Product = z.object({ sku: z.string(), name: z.string(), tags: z.array(z.object({ id: z.string() })) });
const Stock = z.object({ available: z.number() });

describe('dependsOn names an earlier source', () => {
  it('takes a name declared before, and types the dependency', () => {
    api()
      .source('product', { url: '/products/1', schema: Product })
      .source('stock', {
        dependsOn: ['product'],
        url: (_ctx, deps) => {
          expectTypeOf(deps).toEqualTypeOf<{ readonly product: z.infer<typeof Product> }>();
          return `/stock/${deps.product.sku}`;
        },
      });
  });

  it('a later or unknown name is the sentence that names the mistake', () => {
    expectTypeOf<DependencyName<'stock', { product: unknown }, 'price'>>().toEqualTypeOf<"source 'stock' is not declared before 'price': declare 'stock' first (a source depends only on earlier ones), or fix the name">();
    expectTypeOf<DependencyName<'price', { product: unknown }, 'price'>>().toEqualTypeOf<"source 'price' cannot depend on itself">();
    expectTypeOf<DependencyName<'product', { product: unknown }, 'price'>>().toEqualTypeOf<'product'>();
    expect(() =>
      api()
        // @ts-expect-error: source 'stock' is not declared before 'product'
        .source('product', { url: '/products/1', dependsOn: ['stock'] })
        .source('stock', { url: '/stock' }),
    ).toThrow('source "product" depends on "stock", which is not declared before it (declared before: none); declare "stock" first, or fix the name');
  });
});

describe('retry needs an idempotent method', () => {
  it('GET, HEAD, PUT and DELETE may be retried', () => {
    expectTypeOf<RetryFor<'PUT'>>().toEqualTypeOf<number | { readonly attempts: number }>();
    const composition = api()
      .source('read', { url: '/r', retry: 1 })
      .source('put', { url: '/p', method: 'PUT', body: '{}', retry: 2 })
      .source('remove', { url: '/d', method: 'DELETE', retry: { attempts: 1 } })
      .respond();
    expect(composition.sources).toEqual(['read', 'put', 'remove']);
  });

  it('a POST may not, and the type says why', () => {
    expectTypeOf<RetryFor<'POST'>>().toEqualTypeOf<'retry needs an idempotent method (GET, HEAD, PUT, DELETE): a retried POST could apply twice; drop retry, or make the call idempotent'>();
    expect(() =>
      // @ts-expect-error: retry needs an idempotent method
      api().source('order', { url: '/orders', method: 'POST', body: '{}', retry: 1 }),
    ).toThrow('source "order".retry: retry needs an idempotent method (GET, HEAD, PUT, DELETE), and this source uses POST: a retried POST could apply twice; drop retry, or make the call idempotent');
  });
});

describe("a template's path into a dependency is checked against its schema", () => {
  it('accepts fields, indexes and defaults the schema has', () => {
    const composition = api()
      .source('product', { url: '/products/1', schema: Product })
      .source('stock', { dependsOn: ['product'], url: '/stock/{product.sku}?tag={product.tags.0.id|none}', schema: Stock })
      .respond();
    expect(composition.sources).toEqual(['product', 'stock']);
  });

  it('a dependency without a schema is not checked (its type is unknown)', () => {
    api().source('product', { url: '/products/1' }).source('stock', { dependsOn: ['product'], url: '/stock/{product.anything.at.all}' });
  });

  it('a typo is a compile error', () => {
    api()
      .source('product', { url: '/products/1', schema: Product })
      // @ts-expect-error: {product.skuu}: 'product' has no field 'skuu' in its schema
      .source('stock', { dependsOn: ['product'], url: '/stock/{product.skuu}' });
    api()
      .source('product', { url: '/products/1', schema: Product })
      // @ts-expect-error: 'product.tags' is an array; read an element by its index
      .source('tag', { dependsOn: ['product'], url: '/tags/{product.tags.id}' });
  });
});

describe('what the compiler says (tsc on test/fixtures/type-errors/misuses.ts)', () => {
  it('each misuse gets its sentence, on its line, and nothing else fails', () => {
    const fixture = fileURLToPath(new URL('../fixtures/type-errors/misuses.ts', import.meta.url));
    const lines = readFileSync(fixture, 'utf8').split('\n');
    const expected = lines.flatMap((line, index) => {
      const match = /^\/\/ error: (.+)$/.exec(line);
      return match === null ? [] : [{ line: index + 2, text: match[1] ?? '' }];
    });
    expect(expected.length).toBeGreaterThanOrEqual(10);
    const diagnostics = typeCheck([fixture]);
    for (const { line, text } of expected) {
      const here = diagnostics.filter((d) => d.line === line).map((d) => d.message);
      expect(here.join('\n---\n'), `line ${line} should say: ${text}`).toContain(text);
    }
    const elsewhere = diagnostics.filter((d) => !expected.some((e) => e.line === d.line));
    expect(elsewhere).toEqual([]);
  }, 60_000);
});
