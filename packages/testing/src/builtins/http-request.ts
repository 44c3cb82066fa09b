// The built-in module 'http-request' for worker code under Vitest (builtinAliases, ../vitest.ts).
import { builtinNamespace } from '../builtin-namespace.ts';

export const { httpRequest } = builtinNamespace('http-request');
