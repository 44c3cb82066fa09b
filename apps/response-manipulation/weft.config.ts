import { defineConfig } from '@weft/cli';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Winter collection</title>
<link rel="stylesheet" href="https://assets.weft.example/shop.css">
</head>
<body>
<header><a href="/">Weft Shop</a></header>
<main>
<h1>Winter collection</h1>
<ul class="products"><li>Wool scarf</li><li>Leather gloves</li><li>Down jacket</li></ul>
</main>
<footer>© Weft Shop</footer>
</body>
</html>
`;

const html = { 'content-type': 'text/html; charset=utf-8' };

export default defineConfig({
  entry: 'src/main.ts',
  port: 8701,
  origin: 'mock:origin',
  hosts: { 'banners.weft.example': 'mock:banners' },
  location: { country: 'FR' },
  scenarios: {
    germany: { location: { country: 'DE' } },
    japan: { location: { country: 'JP' } },
  },
  mocks: {
    origin: {
      routes: {
        'GET /': { headers: { ...html, 'cache-control': 'max-age=60' }, body: PAGE },
        'GET /logo.png': { headers: { 'content-type': 'image/png' }, body: 'PNG' },
      },
    },
    banners: {
      routes: {
        'GET /banners/fr': { headers: html, body: '<div class="banner banner-fr">Livraison offerte dès 50 €</div>' },
        'GET /banners/de': { headers: html, body: '<div class="banner banner-de">Kostenloser Versand ab 50 €</div>' },
        'GET /banners/us': { headers: html, body: '<div class="banner banner-us">Free shipping over $50</div>' },
      },
    },
  },
  bundle: { 'edgeworker-version': '0.1.0', description: 'Script before </head> and a banner by country' },
});
