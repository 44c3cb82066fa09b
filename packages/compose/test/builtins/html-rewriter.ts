// Vitest alias target for the bare built-in 'html-rewriter' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';
import { unregistered } from './missing.ts';

const ns = builtinModule('html-rewriter') ?? unregistered('html-rewriter');

export const HtmlRewritingStream = ns.HtmlRewritingStream as never;
