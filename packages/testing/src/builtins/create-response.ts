// The built-in module 'create-response' for worker code under Vitest (builtinAliases, ../vitest.ts).
import { builtinNamespace } from '../builtin-namespace.ts';

export const { createResponse } = builtinNamespace('create-response');
