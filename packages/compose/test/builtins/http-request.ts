// Vitest alias target for the bare built-in 'http-request' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';
import { unregistered } from './missing.ts';

const ns = builtinModule('http-request') ?? unregistered('http-request');

export const httpRequest = ns.httpRequest as never;
