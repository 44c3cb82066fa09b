// Vitest alias target for the bare built-in 'create-response' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';
import { unregistered } from './missing.ts';

const ns = builtinModule('create-response') ?? unregistered('create-response');

export const createResponse = ns.createResponse as never;
