// The built-in module 'url-search-params' for worker code under Vitest (builtinAliases, ../vitest.ts).
import { builtinNamespace } from '../builtin-namespace.ts';

const URLSearchParams = builtinNamespace('url-search-params').default;
export default URLSearchParams;
