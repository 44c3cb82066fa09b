import { defineConfig } from '@weft/cli';

export default defineConfig({
  entry: 'src/main.ts',
  port: 8704,
  origin: 'mock:api',
  hosts: { 'api.tour.example': 'mock:api' },
  mocks: { api: { module: 'mocks/api.ts' } },
  bundle: { 'edgeworker-version': '0.1.0', description: 'Compose tour: three APIs merged into one typed JSON answer' },
});
