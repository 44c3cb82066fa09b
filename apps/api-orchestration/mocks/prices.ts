// Mock price API: GET /prices?currency=EUR&skus=A,B answers each known SKU's price in that currency.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PRODUCTS, RATES, sendJson } from './catalog.ts';

export default function prices(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://prices.local');
  const currency = url.searchParams.get('currency') ?? 'EUR';
  const rate = RATES[currency];
  if (url.pathname !== '/prices' || rate === undefined) return sendJson(res, 400, { error: 'unknown currency or path' }, 'no-store');
  const skus = (url.searchParams.get('skus') ?? '').split(',').filter((sku) => sku !== '');
  const list = skus.flatMap((sku) => {
    const product = PRODUCTS[sku];
    return product === undefined ? [] : [{ sku, name: product.name, amount: Math.round(product.eur * rate * 100) / 100 }];
  });
  sendJson(res, 200, { currency, prices: list }, 'public, max-age=300');
}
