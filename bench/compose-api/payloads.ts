/** About 10 KB of JSON per API of the example (apps/api-orchestration), shaped as its schemas expect. */
export function examplePayloads(): Record<'user' | 'cart' | 'prices' | 'recommendations', string> {
  const skus = Array.from({ length: 128 }, (_, i) => `SKU-${String(i).padStart(4, '0')}`);
  const user = {
    id: 'u1001',
    name: 'Ada Lovelace',
    tier: 'gold',
    // Fields the schema does not declare: validated away, but parsed and carried on the wire.
    addresses: Array.from({ length: 95 }, (_, i) => ({ line1: `${i} Analytical Engine Street`, city: 'London', zip: `N${i} 1AA`, country: 'GB', default: i === 0 })),
    preferences: { newsletter: true, language: 'en-GB', currency: 'GBP', categories: ['knitwear', 'accessories', 'boots', 'hats'] },
  };
  const cart = { id: 'cart-u1001', items: skus.map((sku, i) => ({ sku, qty: (i % 3) + 1, addedAt: '2026-11-20T10:00:00Z', giftWrap: i % 5 === 0 })) };
  const prices = { currency: 'EUR', prices: skus.map((sku, i) => ({ sku, name: `Product number ${i} in the winter range`, amount: 10 + i * 1.25 })) };
  const recommendations = { items: Array.from({ length: 88 }, (_, i) => ({ sku: `REC-${i}`, name: `Recommended item ${i} for you`, reason: `bought together with SKU-${String(i).padStart(4, '0')} by similar shoppers` })) };
  return { user: JSON.stringify(user), cart: JSON.stringify(cart), prices: JSON.stringify(prices), recommendations: JSON.stringify(recommendations) };
}
