// Vitest alias target for the bare built-in 'url-search-params' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';
import { unregistered } from './missing.ts';

const ns = builtinModule('url-search-params') ?? unregistered('url-search-params');

const defaultExport = ns.default as unknown;
export default defaultExport;
