/**
 * The example (apps/api-orchestration) written by hand: the same sub-requests, zod/mini schemas,
 * condition and merge, with Promise.all and no toolkit. Used for CPU and bundle-size comparisons.
 */
import * as z from 'zod/mini';
import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';
import { Cart, Prices, Recommendations, User } from '../../apps/api-orchestration/src/schemas.ts';

z.config({ jitless: true });

const CURRENCY: Record<string, string> = { FR: 'EUR', DE: 'EUR', GB: 'GBP', US: 'USD' };

async function get<T>(url: string, schema: z.ZodMiniType<T>): Promise<T> {
  const response = await httpRequest(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return schema.parse(JSON.parse(await response.text()));
}

function uidOf(request: EW.ResponseProviderRequest): string {
  const header = request.getHeader('cookie')?.join('; ') ?? '';
  return /(?:^|;\s*)uid=([^;]*)/.exec(header)?.[1] ?? 'u1001';
}

export async function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  const uid = uidOf(request);
  const country = request.userLocation?.country ?? '';
  const desktop = request.device?.isMobile === false && request.device?.isTablet === false;
  const cartThenPrices = get(`https://carts.weft.example/carts/${uid}`, Cart).then(async (cart) => ({
    cart,
    prices: cart.items.length === 0 ? undefined : await get(`https://prices.weft.example/prices?currency=${CURRENCY[country] ?? 'EUR'}&skus=${cart.items.map((i) => encodeURIComponent(i.sku)).join(',')}`, Prices),
  }));
  const recs = desktop && ['FR', 'DE', 'GB'].includes(country) ? get(`https://recs.weft.example/recommendations?user=${uid}&country=${country}`, Recommendations).catch(() => ({ items: [] })) : undefined;
  try {
    const [user, { cart, prices }, recommendations] = await Promise.all([get(`https://users.weft.example/users/${uid}`, User), cartThenPrices, recs]);
    const bySku = new Map((prices?.prices ?? []).map((p) => [p.sku, p]));
    const lines = cart.items.map((item) => {
      const price = bySku.get(item.sku);
      return { sku: item.sku, name: price?.name ?? null, qty: item.qty, unitPrice: price?.amount ?? null, total: price === undefined ? null : Math.round(price.amount * item.qty * 100) / 100 };
    });
    const body = {
      user: { id: user.id, name: user.name, tier: user.tier },
      cart: { id: cart.id, currency: prices?.currency ?? null, lines, total: Math.round(lines.reduce((s, l) => s + (l.total ?? 0), 0) * 100) / 100 },
      recommendations: recommendations === undefined ? null : recommendations.items.map((i) => ({ sku: i.sku, name: i.name })),
    };
    return createResponse(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, JSON.stringify(body));
  } catch (error) {
    return createResponse(502, { 'content-type': 'application/json' }, JSON.stringify({ error: String(error) }));
  }
}

/** Transport only: the same four sub-requests read as text, nothing parsed (the HTTP client's share). */
export async function transportOnly(request: EW.ResponseProviderRequest): Promise<object> {
  void request;
  const texts = await Promise.all(
    ['https://users.weft.example/users/u1001', 'https://carts.weft.example/carts/u1001', 'https://recs.weft.example/recommendations?user=u1001&country=FR'].map(async (u) => (await httpRequest(u)).text()),
  );
  const prices = await (await httpRequest('https://prices.weft.example/prices?currency=EUR&skus=x')).text();
  return createResponse(200, {}, String(texts.length + prices.length));
}
