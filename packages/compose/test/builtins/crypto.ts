// Vitest alias target for the bare built-in 'crypto' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';

const ns = builtinModule('crypto');
if (ns === undefined) {
  throw new Error("built-in module 'crypto' is not registered in @weft/platform yet (packages/platform/src/modules/index.ts)");
}

export const crypto = ns.crypto as never;
export const pem2ab = ns.pem2ab as never;
