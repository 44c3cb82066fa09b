/** What an author declares for an assembled page, checked once when the page is defined. */
import type { Clock, OutputOf, RequestContext, SourceInput, StandardSchemaV1 } from '../../core/index.ts';
import type { RawHtml } from '../escape.ts';
import type { SlotOutcome } from './fragment.ts';
import type { Markup, SlotDeclaration } from './slots.ts';

/** A JSON data source of the page (the core's source declaration; read as JSON). */
export type PageSource = Omit<SourceInput, 'read' | 'schema'> & { schema?: StandardSchemaV1 };

/** The page's data as conditions and renderers see it: a source that failed or was skipped is undefined. */
export type PageData<S> = { readonly [K in keyof S]: (S[K] extends { schema: infer Sc } ? OutputOf<Sc> : unknown) | undefined };

/** A template fetched per request (its body is scanned as it streams). */
export interface FetchedTemplate {
  url: string | ((ctx: RequestContext<string>) => string);
  timeout?: number;
  headers?: Readonly<Record<string, string>>;
  forwardHeaders?: readonly string[];
  /** An inline template used when the fetch fails; without one the page fails before its commit. */
  fallback?: string | RawHtml;
}

export interface EsiOptions {
  /** Timeout of each `<esi:include>`, ms. */
  timeout?: number;
  /** Request headers forwarded to includes (e.g. cookie). */
  forwardHeaders?: readonly string[];
}

export interface PageOptions<S extends Record<string, PageSource>> {
  /** Inline markup with `<weft-slot>`/ESI tags, or a template fetched per request. */
  template: string | RawHtml | FetchedTemplate;
  /** JSON sources (fetched in parallel, validated by their schema) feeding conditions and renderers. */
  data?: S;
  slots?: { readonly [name: string]: SlotDeclaration<PageData<S>, Extract<keyof S, string>> };
  /** The slot (or `'template'`) whose response gives the page its status and chosen headers. */
  primary?: string;
  /** Headers copied from the primary's response (default: cache-control, expires, set-cookie, content-language). */
  primaryHeaders?: readonly string[];
  /** Status of the page when the primary fails (default 500, as Tailor). */
  primaryFailureStatus?: number;
  /** Status without a primary (default 200) and the page's own headers (default a text/html content type). */
  status?: number;
  headers?: Readonly<Record<string, string | string[]>>;
  /** One deadline for every sub-request of the page, ms. */
  deadline?: number;
  /** Parallel sub-requests (default 5, the platform's limit). */
  concurrency?: number;
  /** Default timeout of a fragment, ms (default 3000, as Tailor). */
  fragmentTimeout?: number;
  /** Bytes of a fragment always read before its turn (and its atomic size); default 64 KiB. */
  readAhead?: number;
  /** Bytes the page may hold beyond the read-aheads for fragments waiting their turn; default 512 KiB. */
  bufferLimit?: number;
  /**
   * A CSP nonce for the elements the page adds itself (asset `<link>`s and `<script>`s, the
   * scripts that move async slots into place): a fixed value, or one per request (e.g. read from a
   * header set in onClientRequest). Undefined: no nonce attribute.
   */
  nonce?: string | ((ctx: RequestContext<string>) => string | undefined);
  /**
   * Adds a `Link` header of preload hints (`<url>; rel=preload; as=style`) to the page: the
   * slots' declared assets and those of fragments that answered by the commit point.
   */
  preloadHeader?: boolean;
  /** ESI processing of the template (on by default; `false` leaves ESI tags as errors). */
  esi?: EsiOptions | false;
  clock?: Clock;
  onOutcome?: (outcome: SlotOutcome) => void;
}

export const DEFAULT_PRIMARY_HEADERS = ['cache-control', 'expires', 'set-cookie', 'content-language'] as const;
export const DEFAULT_HEADERS = { 'content-type': 'text/html; charset=utf-8' } as const;
export const DEFAULT_READ_AHEAD = 64 * 1024;
export const DEFAULT_BUFFER_LIMIT = 512 * 1024;
export const DEFAULT_FRAGMENT_TIMEOUT = 3000;

export type { Markup };
