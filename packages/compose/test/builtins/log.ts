// Vitest alias target for the bare built-in 'log' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';
import { unregistered } from './missing.ts';

const ns = builtinModule('log') ?? unregistered('log');

export const logger = ns.logger as never;
