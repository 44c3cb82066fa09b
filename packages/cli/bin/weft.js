#!/usr/bin/env node
// The CLI is TypeScript source; tsx loads it so no build step stands between a clone and `weft`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
