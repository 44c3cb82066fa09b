import { defineConfig } from '@weft/cli';

export default defineConfig({
  entry: 'src/main.ts',
  port: 8703,
  origin: 'mock:users',
  hosts: {
    'users.weft.example': 'mock:users',
    'carts.weft.example': 'mock:carts',
    'prices.weft.example': 'mock:prices',
    'recs.weft.example': 'mock:recommendations',
  },
  // A desktop visitor in France unless a request (x-weft-*) or a scenario says otherwise.
  location: { country: 'FR', city: 'PARIS' },
  device: { isMobile: false, isTablet: false },
  scenarios: {
    mobile: { device: { isMobile: true, isTablet: false } },
    us: { location: { country: 'US', city: 'NEW YORK' } },
    uk: { location: { country: 'GB', city: 'LONDON' } },
  },
  mocks: {
    users: { module: 'mocks/users.ts' },
    carts: { module: 'mocks/carts.ts' },
    prices: { module: 'mocks/prices.ts' },
    recommendations: { module: 'mocks/recommendations.ts' },
  },
  bundle: { 'edgeworker-version': '0.1.0', description: 'API orchestration: user, cart, prices and recommendations merged at the edge' },
});
