// The built-in module 'log' for worker code under Vitest (builtinAliases, ../vitest.ts).
import { builtinNamespace } from '../builtin-namespace.ts';

export const { logger } = builtinNamespace('log');
