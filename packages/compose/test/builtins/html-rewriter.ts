// Vitest alias target for the bare built-in 'html-rewriter' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';

const ns = builtinModule('html-rewriter');
if (ns === undefined) {
  throw new Error("built-in module 'html-rewriter' is not registered in @weft/platform yet (packages/platform/src/modules/index.ts)");
}

export const HtmlRewritingStream = ns.HtmlRewritingStream as never;
