/**
 * zod, as every Weft package uses it: one module. zod 4's own build is about 280 small modules,
 * whose loading was a large part of `weft serve`'s start-up; the built runtime inlines them into
 * this one file (scripts/build.mjs), and the CLI imports zod from here, so both use one copy.
 */
export * from 'zod';
