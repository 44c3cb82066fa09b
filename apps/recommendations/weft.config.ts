import { defineConfig } from '@weft/cli';

export default defineConfig({
  entry: 'src/main.ts',
  port: 8707,
  // Requests the worker does not answer (and subWorker calls it is not allowed to run for) go here.
  origin: 'mock:origin',
  hosts: { 'catalog.weft.example': 'mock:catalog' },
  location: { country: 'FR' },
  mocks: {
    origin: {
      routes: {
        'GET /fragments/recommendations': { headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<section class="recommendations"><h2>Popular now</h2></section>' },
      },
    },
    // A slow catalogue service (500 ms) whose answers stay fresh for 5 minutes.
    catalog: {
      routes: {
        'GET /picks/*': {
          delayMs: 500,
          headers: { 'content-type': 'application/json', 'cache-control': 'max-age=300' },
          json: { picks: { FR: ['Wool scarf', 'Leather gloves'], US: ['Puffer jacket', 'Snow boots'], DE: ['Thermal socks'] } },
        },
      },
    },
  },
  // platform §20: only a bundle that opts in runs for another worker's sub-requests.
  bundle: {
    'edgeworker-version': '0.1.0',
    description: 'Recommendations fragment, run as a subWorker',
    config: { subrequest: { 'invoke-for-edgeworker-clients': true } },
  },
});
