// The built-in module 'cookies' for worker code under Vitest (builtinAliases, ../vitest.ts).
import { builtinNamespace } from '../builtin-namespace.ts';

export const { Cookies, SetCookie } = builtinNamespace('cookies');
