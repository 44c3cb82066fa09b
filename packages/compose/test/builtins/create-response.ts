// Vitest alias target for the bare built-in 'create-response' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';

const ns = builtinModule('create-response');
if (ns === undefined) {
  throw new Error("built-in module 'create-response' is not registered in @weft/platform yet (packages/platform/src/modules/index.ts)");
}

export const createResponse = ns.createResponse as never;
