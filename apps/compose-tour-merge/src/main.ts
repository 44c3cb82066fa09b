// GET /products/:id answers one JSON document merged from three APIs. Each API's answer is
// declared once as a schema; every type below is inferred from those.
import * as z from 'zod/mini';
import { api } from '@weft/compose';

z.config({ jitless: true }); // the edge forbids code generation from strings

const Product = z.object({ id: z.string(), sku: z.string(), name: z.string(), price: z.number() });
const Stock = z.object({ available: z.number() });
const Reviews = z.array(z.object({ stars: z.number() }));

const productPage = api({ route: '/products/:id', deadline: 2_000 })
  // Product and reviews start together; `retry` is allowed because GET is idempotent.
  .source('product', { url: 'https://api.tour.example/products/{params.id}', schema: Product, timeout: 800, retry: 1 })
  .source('reviews', { url: 'https://api.tour.example/reviews/{params.id}', schema: Reviews, failure: { fallback: [] } })
  // Stock needs the product's SKU: it starts when the product has answered. `{product.sku}` is
  // checked against the Product schema by the compiler.
  .source('stock', { dependsOn: ['product'], url: 'https://api.tour.example/stock/{product.sku}', schema: Stock, failure: 'optional' })
  .merge(({ product, reviews, stock }) => ({
    id: product.id,
    name: product.name,
    price: product.price,
    inStock: stock === undefined ? null : stock.available > 0, // optional: undefined when it failed
    reviews: { count: reviews.length, average: reviews.length === 0 ? null : reviews.reduce((sum, r) => sum + r.stars, 0) / reviews.length },
  }))
  .respond({ headers: { 'x-composed-by': 'compose-tour-merge' } });

export const responseProvider = productPage.responseProvider;
