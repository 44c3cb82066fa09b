export { HtmlRewriter, type ElementHandler, type Sink, type TagToken, type RewriterOptions } from './rewriter/rewriter.ts';
export type { Element, ContentOptions, AttributeOptions } from './rewriter/element.ts';
export { rewriterStream, rewriteBytes, toBytes, type HandlerRegistration, type RewriterStreamOptions, type ByteChunk } from './stream.ts';
export { parseSelector } from './selector/parse.ts';
export type { SelectorList, Complex, Compound, AttrTest, Combinator } from './selector/ast.ts';
export { HtmlError, SelectorError, StaleElementError, RewriterStateError } from './errors.ts';
export { utf8Encode, utf8Decode } from './bytes.ts';
