// Vitest alias target for the bare built-in 'cookies' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';
import { unregistered } from './missing.ts';

const ns = builtinModule('cookies') ?? unregistered('cookies');

export const Cookies = ns.Cookies as never;
export const SetCookie = ns.SetCookie as never;
