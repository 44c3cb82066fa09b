// Vitest alias target for the bare built-in 'http-request' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';

const ns = builtinModule('http-request');
if (ns === undefined) {
  throw new Error("built-in module 'http-request' is not registered in @weft/platform yet (packages/platform/src/modules/index.ts)");
}

export const httpRequest = ns.httpRequest as never;
