// Module resolve hook: in the bench process a worker's bare built-in names ('http-request', ...)
// resolve to the platform's implementations, as the runtime's loader does for a bundle and the
// vitest aliases do for tests.
const NAMES = new Set(['http-request', 'create-response', 'streams', 'text-encode-transform', 'html-rewriter', 'cookies', 'url-search-params', 'log', 'encoding', 'crypto']);

export async function resolve(specifier, context, next) {
  if (NAMES.has(specifier)) return next(new URL(`../../packages/compose/test/builtins/${specifier}.ts`, import.meta.url).href, context);
  return next(specifier, context);
}
