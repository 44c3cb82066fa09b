// Vitest alias target for the bare built-in 'text-encode-transform' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';
import { unregistered } from './missing.ts';

const ns = builtinModule('text-encode-transform') ?? unregistered('text-encode-transform');

export const TextEncoderStream = ns.TextEncoderStream as never;
export const TextDecoderStream = ns.TextDecoderStream as never;
