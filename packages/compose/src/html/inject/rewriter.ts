/// <reference types="akamai-edgeworkers" />
/** The platform's streaming rewriter: at the edge the native one, locally Weft's engine. */
import { HtmlRewritingStream } from 'html-rewriter';

export { HtmlRewritingStream };

/** The element a handler receives (the module's types declare it without exporting it). */
export type Element = Parameters<Parameters<HtmlRewritingStream['onElement']>[1]>[0];
