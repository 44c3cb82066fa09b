// The built-in module 'encoding' for worker code under Vitest (builtinAliases, ../vitest.ts).
import { builtinNamespace } from '../builtin-namespace.ts';

export const { atob, btoa, base64, base64url, base16, TextEncoder, TextDecoder } = builtinNamespace('encoding');
