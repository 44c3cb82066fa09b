import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Worker code (packages/compose, apps/*/src) imports the platform's built-in modules by bare name;
// in tests each name resolves to a file that re-exports @weft/platform's implementation.
const BUILTINS = ['http-request', 'create-response', 'streams', 'text-encode-transform', 'html-rewriter', 'cookies', 'url-search-params', 'log', 'encoding', 'crypto'];
const builtinAliases = BUILTINS.map((name) => ({
  find: new RegExp(`^${name}$`),
  replacement: fileURLToPath(new URL(`./packages/compose/test/builtins/${name}.ts`, import.meta.url)),
}));

// Weft's packages resolve to their TypeScript sources under the "weft-source" condition (their
// exports name dist/ otherwise, what an installed package has); the rest are Vite's defaults.
const conditions = ['weft-source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { alias: builtinAliases, conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two files at a time, also on a 2-core machine (Vitest's default there is one): most files
    // wait on servers and child processes, and the suite runs in about two thirds of the time.
    maxWorkers: 2,
    setupFiles: ['test/support/fast-check-seed.ts'],
  },
});
