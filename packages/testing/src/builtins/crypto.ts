// The built-in module 'crypto' for worker code under Vitest (builtinAliases, ../vitest.ts).
import { builtinNamespace } from '../builtin-namespace.ts';

export const { crypto, pem2ab } = builtinNamespace('crypto');
