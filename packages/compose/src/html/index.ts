// HTML assembly and streaming injection for responseProvider (see README.md in this folder).
export { escapeAttribute, escapeText, html, isRawHtml, raw, toMarkup, type HtmlValue, type RawHtml } from './escape.ts';
export { FragmentError, HtmlComposeError, HtmlOptionError, HtmlTemplateError } from './errors.ts';
export { definePage, type AssembledPage, type Page, type PageReport } from './assemble/page.ts';
export type { EsiOptions, FetchedTemplate, PageData, PageOptions, PageSource } from './assemble/options.ts';
export type { Markup, SlotAssets, SlotCandidate, SlotDeclaration, SlotPlacement } from './assemble/slots.ts';
export type { Asset, AssetKind } from './assets/asset.ts';
export { assetsFromLinkHeader } from './assets/link-header.ts';
export { earlyHintsValue, EARLY_HINTS_VARIABLE, preloadLinks } from './assets/markup.ts';
export type { SlotOutcome } from './assemble/fragment.ts';
export type { PageHeaders } from './assemble/commit.ts';
export { parseExpression, substituteVariables, type Expression } from './esi/expression.ts';
export type { EsiRequest } from './esi/variables.ts';
export { inject, type InjectContent, type InjectOptions, type Injection, type StreamedContent, type StreamedResponse } from './inject/inject.ts';
export { forwardableHeaders, isHtmlResponse, respondInjected, UNFORWARDED_RESPONSE_HEADERS, type OriginResponse } from './inject/respond.ts';
