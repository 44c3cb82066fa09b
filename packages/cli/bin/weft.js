#!/usr/bin/env node
// In the repository the CLI runs from its TypeScript sources through tsx, so no build step stands
// between a clone and `weft`; an installed package has no sources and runs the JavaScript its
// build wrote to dist/. From sources, the "weft-source" resolution condition makes the other
// @weft/* packages load from their sources too (the runtime's source-conditions.mjs, a sibling
// package in the repository).
import { existsSync } from 'node:fs';
import { register as registerHooks } from 'node:module';

const source = new URL('../src/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  registerHooks(new URL('../../runtime/src/isolation/source-conditions.mjs', import.meta.url));
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
