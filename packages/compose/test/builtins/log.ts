// Vitest alias target for the bare built-in 'log' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';

const ns = builtinModule('log');
if (ns === undefined) {
  throw new Error("built-in module 'log' is not registered in @weft/platform yet (packages/platform/src/modules/index.ts)");
}

export const logger = ns.logger as never;
