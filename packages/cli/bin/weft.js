#!/usr/bin/env node
// In the repository the CLI runs from its TypeScript sources through tsx, so no build step stands
// between a clone and `weft`; an installed package has no sources and runs the JavaScript its
// build wrote to dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
