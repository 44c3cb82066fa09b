/**
 * zod, as every Weft package uses it: one module, `z`. zod 4's own build is about 280 small
 * modules, whose loading was a large part of `weft serve`'s start-up; the built runtime inlines the
 * part Weft uses (zod-used.ts) into this one file (scripts/build.mjs), and the CLI imports zod from
 * here, so both use one copy.
 */
export * as z from './zod-used.ts';
