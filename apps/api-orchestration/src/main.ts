/**
 * API orchestration at the edge: GET / answers one JSON document merged from four internal APIs.
 *
 * - user and cart run in parallel (both keyed by the `uid` cookie);
 * - prices depend on the cart (the SKUs it holds) and on the visitor's currency;
 * - recommendations run only for desktop visitors in FR, DE or GB, and degrade to [] on failure
 *   (the answer is then flagged partial: `X-Compose-Completed: false`, `Cache-Control: no-store`);
 * - rules answer /health directly and give `beta=1` visitors a variant with loyalty points.
 */
import * as z from 'zod/mini';
import { all, api, cookie, country, device, indexBy, path, pick, rules } from '@weft/compose';
import { Cart, Loyalty, Prices, Recommendations, User } from './schemas.ts';

// The platform forbids code generation from strings (spec §1.3); tell zod not to probe for it.
z.config({ jitless: true });

const CURRENCY: Record<string, string> = { FR: 'EUR', DE: 'EUR', GB: 'GBP', US: 'USD' };

const sources = api({ route: '/', deadline: 3_000 })
  .source('user', { url: 'https://users.weft.example/users/{cookie.uid|u1001}', schema: User, timeout: 1_000, retry: 1 })
  .source('cart', { url: 'https://carts.weft.example/carts/{cookie.uid|u1001}', schema: Cart, timeout: 1_000 })
  .source('prices', {
    dependsOn: ['cart'],
    when: (_ctx, { cart }) => cart.items.length > 0,
    url: (ctx, { cart }) =>
      `https://prices.weft.example/prices?currency=${CURRENCY[ctx.location.country ?? ''] ?? 'EUR'}&skus=${cart.items.map((i) => encodeURIComponent(i.sku)).join(',')}`,
    schema: Prices,
    timeout: 1_000,
  })
  .source('recommendations', {
    when: all(device.desktop, country('FR', 'DE', 'GB')),
    url: 'https://recs.weft.example/recommendations?user={cookie.uid|u1001}&country={location.country}',
    schema: Recommendations,
    timeout: 1_000,
    failure: { fallback: { items: [] } },
  });

type Data = Parameters<Parameters<typeof sources.merge>[0]>[0];

function basket({ cart, prices }: Pick<Data, 'cart' | 'prices'>) {
  const bySku = indexBy(prices?.prices ?? [], 'sku');
  const lines = cart.items.map((item) => {
    const price = bySku[item.sku];
    return { sku: item.sku, name: price?.name ?? null, qty: item.qty, unitPrice: price?.amount ?? null, total: price === undefined ? null : round(price.amount * item.qty) };
  });
  return { id: cart.id, currency: prices?.currency ?? null, lines, total: round(lines.reduce((sum, line) => sum + (line.total ?? 0), 0)) };
}

const shop = sources
  .merge((data) => ({
    user: pick(data.user, ['id', 'name', 'tier']),
    cart: basket(data),
    recommendations: data.recommendations === undefined ? null : data.recommendations.items.map((item) => pick(item, ['sku', 'name'])),
  }))
  .respond({ headers: { 'x-composed-by': 'weft api-orchestration' } });

const beta = sources
  .source('loyalty', { dependsOn: ['user'], url: 'https://users.weft.example/loyalty/{user.id}', schema: Loyalty, failure: 'optional' })
  .merge((data) => ({
    user: { ...pick(data.user, ['id', 'name', 'tier']), loyalty: data.loyalty ?? null },
    cart: basket(data),
    recommendations: data.recommendations?.items ?? null,
  }))
  .respond({ headers: { 'x-composed-by': 'weft api-orchestration (beta)' } });

const router = rules(
  [
    { name: 'health', when: path('/health'), use: { status: 200, headers: { 'cache-control': 'no-store' }, json: { ok: true } } },
    { name: 'beta', when: all(path('/'), cookie('beta', '1')), use: beta },
  ],
  { default: shop },
);

export const responseProvider = router.responseProvider;

function round(amount: number): number {
  return Math.round(amount * 100) / 100;
}
