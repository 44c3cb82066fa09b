// The three internal APIs of the tour, as one Hono app on a loopback port (weft dev starts it).
import { Hono } from 'hono';

const PRODUCTS: Record<string, { id: string; sku: string; name: string; price: number }> = {
  '42': { id: '42', sku: 'SCARF-01', name: 'Wool scarf', price: 39.9 },
  '7': { id: '7', sku: 'GLOVE-07', name: 'Leather gloves', price: 24.5 },
};
const REVIEWS: Record<string, Array<{ stars: number; text: string }>> = {
  '42': [{ stars: 5, text: 'Warm.' }, { stars: 4, text: 'Itchy at first.' }],
  '7': [],
};
const STOCK: Record<string, number> = { 'SCARF-01': 12 };

const app = new Hono();
app.get('/products/:id', (c) => {
  const product = PRODUCTS[c.req.param('id')];
  c.header('cache-control', 'max-age=60');
  return product === undefined ? c.json({ error: 'no such product' }, 404) : c.json(product);
});
app.get('/reviews/:id', (c) => {
  c.header('cache-control', 'max-age=300');
  return c.json(REVIEWS[c.req.param('id')] ?? []);
});
// The stock service knows SCARF-01 only, and is down for everything else.
app.get('/stock/:sku', (c) => {
  const available = STOCK[c.req.param('sku')];
  c.header('cache-control', 'max-age=10');
  return available === undefined ? c.json({ error: 'stock service unavailable' }, 503) : c.json({ available });
});

export default app;
