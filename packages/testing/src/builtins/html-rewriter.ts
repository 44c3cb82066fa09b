// The built-in module 'html-rewriter' for worker code under Vitest (builtinAliases, ../vitest.ts).
import { builtinNamespace } from '../builtin-namespace.ts';

export const { HtmlRewritingStream } = builtinNamespace('html-rewriter');
