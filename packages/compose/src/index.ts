// @weft/compose: the typed responseProvider toolkit. Imports only the platform's built-in module
// names, so a worker that uses it bundles for the edge unchanged.
export * from './core/index.ts';
export * from './api/index.ts';
export * from './html/index.ts';
