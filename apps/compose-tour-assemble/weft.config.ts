import { defineConfig } from '@weft/cli';

const HTML = { 'content-type': 'text/html; charset=utf-8' };

export default defineConfig({
  entry: 'src/main.ts',
  port: 8705,
  origin: 'mock:fragments',
  hosts: { 'fragments.tour.example': 'mock:fragments', 'api.tour.example': 'mock:api' },
  location: { country: 'FR' },
  mocks: {
    fragments: {
      routes: {
        'GET /header': { headers: HTML, body: '<header><a href="/">Weft Shop</a></header>' },
        // Down: the slot shows its children from the template instead.
        'GET /reviews': { status: 503, body: 'reviews service unavailable' },
      },
    },
    api: {
      routes: {
        'GET /offers/FR': { json: { items: [{ title: 'Scarves & gloves <winter>', discount: 20 }, { title: 'Free delivery', discount: 0 }] } },
        'GET /offers/US': { json: { items: [] } },
      },
    },
  },
  bundle: { 'edgeworker-version': '0.1.0', description: 'Compose tour: a page assembled from fragments and JSON data' },
});
