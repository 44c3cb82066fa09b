import { defineConfig } from '@weft/cli';

export default defineConfig({
  entry: 'src/main.ts',
  port: 8702,
  origin: 'mock:fragments',
  hosts: {
    // Sub-requests to these go through the runtime's cache (issue 17): the fragments and the
    // promotions carry Cache-Control, so from the second page on they are cache hits.
    'fragments.weft.example': 'mock:fragments',
    'api.weft.example': 'mock:api',
    // Another app of the workspace, run as a subWorker under `weft dev` (platform §20). Tests and
    // `weft serve` of this app alone map it to a URL instead (the fragments mock stands in).
    'reco.weft.example': 'app:recommendations',
  },
  location: { country: 'FR', city: 'PARIS' },
  device: { isMobile: false, isTablet: false },
  scenarios: {
    mobile: { device: { isMobile: true, isTablet: false } },
    us: { location: { country: 'US' } },
  },
  mocks: {
    fragments: {
      routes: {
        // The header names its assets as Tailor's fragments do: the page puts the stylesheet in <head>.
        'GET /fragments/header': { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'max-age=300', link: '<https://assets.weft.example/header.css>; rel=stylesheet, <https://assets.weft.example/header.js>; rel=preload; as=script' }, body: '<header class="site-header"><a href="/">Weft Shop</a><nav><a href="/new">New</a> <a href="/sale">Sale</a></nav></header>' },
        'GET /fragments/hero/mobile': { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'max-age=300' }, body: '<section class="hero hero-mobile"><h1>Shop on the go</h1></section>' },
        'GET /fragments/hero/tablet': { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'max-age=300' }, body: '<section class="hero hero-tablet"><h1>Browse the catalogue</h1></section>' },
        'GET /fragments/hero/desktop': { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'max-age=300' }, body: '<section class="hero hero-desktop"><h1>The winter collection</h1><p>Free delivery from 50 €.</p></section>' },
        // What apps/recommendations renders, for runs of this app alone (reco.weft.example mapped here).
        'GET /fragments/recommendations': { delayMs: 500, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<section class="recommendations"><h2>Picked for you</h2><ul><li>Wool scarf</li><li>Leather gloves</li></ul></section>' },
        'GET /fragments/reviews': { status: 503, headers: { 'content-type': 'text/plain' }, body: 'reviews service unavailable' },
        // The reviews' fallbackUrl: yesterday's copy, served when the live service fails.
        'GET /fragments/reviews-cached': { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'max-age=300' }, body: '<section class="reviews reviews-cached"><h2>Reviews</h2><p>★★★★☆ “Warm and soft.”</p></section>' },
        'GET /fragments/footer': { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'max-age=300' }, body: '<footer class="site-footer"><p>© Weft Shop</p><a href="/help">Help</a></footer>' },
      },
    },
    api: { module: 'mocks/api.ts' },
  },
  bundle: { 'edgeworker-version': '0.1.0', description: 'Personalized page assembled from fragments' },
});
