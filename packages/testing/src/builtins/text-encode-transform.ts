// The built-in module 'text-encode-transform' for worker code under Vitest (builtinAliases, ../vitest.ts).
import { builtinNamespace } from '../builtin-namespace.ts';

export const { TextEncoderStream, TextDecoderStream } = builtinNamespace('text-encode-transform');
