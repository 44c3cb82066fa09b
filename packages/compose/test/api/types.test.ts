/**
 * Type-level proof of the builder's inference. `pnpm typecheck` (tsc over packages/*\/test) checks
 * every `expectTypeOf` and `@ts-expect-error` here; vitest runs the file too, where the runtime
 * counterparts of the compile errors are asserted.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as v from 'valibot';
import * as z from 'zod/mini';
import { api, country, device, all } from '../../src/index.ts';
import type { ApiContext } from '../../src/index.ts';

const User = z.object({ id: z.string(), name: z.string() });
const Cart = z.object({ items: z.array(z.object({ sku: z.string(), qty: z.number() })) });
const Prices = v.record(v.string(), v.number());
const Recs = z.array(z.object({ sku: z.string() }));

type UserT = z.infer<typeof User>;
type CartT = z.infer<typeof Cart>;

describe('inference', () => {
  it('flows schema types into when, dependents and merge without annotations', () => {
    const composition = api({ route: '/shop/:shop' })
      .source('user', { url: '/users/{cookie.uid}', schema: User })
      .source('cart', { url: '/carts/{cookie.uid}', schema: Cart })
      .source('prices', {
        dependsOn: ['cart'],
        url: (ctx, deps) => {
          expectTypeOf(deps).toEqualTypeOf<{ readonly cart: CartT }>();
          expectTypeOf(ctx.params).toEqualTypeOf<Readonly<Record<'shop', string>>>();
          return `/prices?skus=${deps.cart.items.map((i) => i.sku).join(',')}`;
        },
        when: (_ctx, { cart }) => {
          expectTypeOf(cart).toEqualTypeOf<CartT>();
          return cart.items.length > 0;
        },
        schema: Prices,
      })
      .source('recs', { when: all(device.desktop, country('FR', 'DE')), url: '/recs', schema: Recs, failure: { fallback: [] } })
      .source('banner', { url: '/banner', read: 'text', failure: 'optional' })
      .source('raw', { url: '/raw' })
      .merge((data, ctx) => {
        expectTypeOf(data.user).toEqualTypeOf<UserT>();
        expectTypeOf(data.cart).toEqualTypeOf<CartT>();
        // `when` makes a source possibly absent, and the type says so.
        expectTypeOf(data.prices).toEqualTypeOf<Record<string, number> | undefined>();
        // A fallback widens the type with the fallback's type.
        expectTypeOf(data.recs).toEqualTypeOf<{ sku: string }[] | never[] | undefined>();
        expectTypeOf(data.banner).toEqualTypeOf<string | undefined>();
        expectTypeOf(data.raw).toEqualTypeOf<unknown>();
        expectTypeOf(ctx).toEqualTypeOf<ApiContext<'shop', undefined>>();
        return { name: data.user.name, lines: data.cart.items.length, total: Object.values(data.prices ?? {}).reduce((a, b) => a + b, 0) };
      })
      .respond();
    expectTypeOf(composition.run).returns.resolves.toMatchTypeOf<{ ok: true; data: { name: string; lines: number; total: number } } | { ok: false }>();
    expect(composition.sources).toEqual(['user', 'cart', 'prices', 'recs', 'banner', 'raw']);
  });

  it('a dependent of a possibly absent source is possibly absent, and sees its dependency present', () => {
    api()
      .source('a', { url: '/a', schema: User, when: () => true })
      .source('b', {
        dependsOn: ['a'],
        url: (_ctx, { a }) => {
          expectTypeOf(a).toEqualTypeOf<UserT>();
          return `/b/${a.id}`;
        },
        schema: Cart,
      })
      .merge(({ b }) => {
        expectTypeOf(b).toEqualTypeOf<CartT | undefined>();
        return b;
      });
  });

  it('merge reading a source that does not exist is a compile error, and a clear runtime error', async () => {
    const composition = api()
      .source('user', { url: '/u', schema: User, when: () => false })
      // @ts-expect-error: there is no source "usr"
      .merge((data) => data.usr)
      .respond();
    const result = await composition.run(fakeRequest());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(String(result.error)).toBe('UnknownSourceError: merge read source "usr", which is not declared (declared: user)');
  });

  it('a dependency cycle, a forward or unknown dependency and a duplicate name are compile errors, and runtime errors', () => {
    expect(() =>
      api()
        // @ts-expect-error: "b" is declared later, so "a" cannot depend on it (this is how a cycle would start)
        .source('a', { url: '/a', dependsOn: ['b'] })
        .source('b', { url: '/b', dependsOn: ['a'] }),
    ).toThrow(/source "a" depends on "b", which is not declared/);
    expect(() =>
      api()
        .source('a', { url: '/a' })
        // @ts-expect-error: a source cannot depend on itself
        .source('b', { url: '/b', dependsOn: ['b'] }),
    ).toThrow(/dependency cycle: b -> b/);
    expect(() =>
      api()
        .source('a', { url: '/a' })
        // @ts-expect-error: "a" is already declared
        .source('a', { url: '/a2' }),
    ).toThrow(/source "a" is declared twice/);
  });

  it('URL templates are checked against the route parameters and the dependencies', () => {
    api({ route: '/users/:id' })
      .source('cart', { url: 'https://api.test/carts/{params.id}?lang={query.lang|en}' })
      .source('prices', { dependsOn: ['cart'], url: 'https://api.test/prices/{cart.id}/{location.country}' });
    expect(() =>
      api({ route: '/users/:id' })
        // @ts-expect-error: the route has no parameter "uid"
        .source('cart', { url: 'https://api.test/carts/{params.uid}' }),
    ).toThrow(/source "cart".url reads \{params.uid\}, but route "\/users\/:id" has parameters id/);
    expect(() =>
      api()
        // @ts-expect-error: the composition has no route, so no parameters
        .source('cart', { url: 'https://api.test/carts/{params.id}' }),
    ).toThrow(/reads \{params.id\}, but the composition has no route/);
    expect(() =>
      api()
        // @ts-expect-error: "cart" is not a dependency of this source
        .source('prices', { url: 'https://api.test/prices/{cart.id}' }),
    ).toThrow(/reads \{cart...\}, which is neither a request namespace nor in dependsOn/);
  });

  it('retry and body follow the method', () => {
    expect(() =>
      api()
        // @ts-expect-error: retry needs an idempotent method
        .source('w', { url: '/w', method: 'POST', retry: 1, body: '{}' }),
    ).toThrow(/source "w".retry: retry needs an idempotent method \(GET, HEAD, PUT, DELETE\), and this source uses POST/);
    expect(() =>
      api()
        // @ts-expect-error: a GET carries no body
        .source('r', { url: '/r', body: 'x' }),
    ).toThrow(/source "r".body: a GET sub-request carries no body/);
  });
});

function fakeRequest() {
  return { method: 'GET', host: 'h', path: '/', query: '', getHeader: () => undefined };
}
