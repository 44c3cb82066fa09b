// Vitest alias target for the bare built-in 'crypto' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';
import { unregistered } from './missing.ts';

const ns = builtinModule('crypto') ?? unregistered('crypto');

export const crypto = ns.crypto as never;
export const pem2ab = ns.pem2ab as never;
