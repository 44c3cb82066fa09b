// Vitest alias target for the bare built-in 'encoding' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';
import { unregistered } from './missing.ts';

const ns = builtinModule('encoding') ?? unregistered('encoding');

export const atob = ns.atob as never;
export const btoa = ns.btoa as never;
export const base64 = ns.base64 as never;
export const base64url = ns.base64url as never;
export const base16 = ns.base16 as never;
export const TextEncoder = ns.TextEncoder as never;
export const TextDecoder = ns.TextDecoder as never;
