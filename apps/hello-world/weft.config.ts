import { defineConfig } from '@weft/cli';

export default defineConfig({
  entry: 'src/main.ts',
  port: 8700,
  origin: 'mock:origin',
  location: { country: 'US' },
  scenarios: {
    france: { location: { country: 'FR' } },
    japan: { location: { country: 'JP' } },
  },
  mocks: {
    origin: {
      routes: {
        'GET /': { headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><title>hello-world</title><h1>The origin</h1><p>Try <a href="/hello">/hello</a>.</p>' },
        'GET /api/time': { json: { now: '2026-01-01T00:00:00Z' } },
      },
    },
  },
  bundle: { 'edgeworker-version': '1.0.0', description: 'Greets by country; stamps origin responses' },
});
