// Vitest alias target for the bare built-in 'text-encode-transform' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';

const ns = builtinModule('text-encode-transform');
if (ns === undefined) {
  throw new Error("built-in module 'text-encode-transform' is not registered in @weft/platform yet (packages/platform/src/modules/index.ts)");
}

export const TextEncoderStream = ns.TextEncoderStream as never;
export const TextDecoderStream = ns.TextDecoderStream as never;
