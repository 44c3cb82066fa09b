// Vitest alias target for the bare built-in 'cookies' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';

const ns = builtinModule('cookies');
if (ns === undefined) {
  throw new Error("built-in module 'cookies' is not registered in @weft/platform yet (packages/platform/src/modules/index.ts)");
}

export const Cookies = ns.Cookies as never;
export const SetCookie = ns.SetCookie as never;
