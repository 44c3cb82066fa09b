// Vitest alias target for the bare built-in 'url-search-params' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';

const ns = builtinModule('url-search-params');
if (ns === undefined) {
  throw new Error("built-in module 'url-search-params' is not registered in @weft/platform yet (packages/platform/src/modules/index.ts)");
}

const defaultExport = ns.default as unknown;
export default defaultExport;
