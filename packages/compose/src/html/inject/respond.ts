/**
 * From an origin response to a responseProvider answer: the origin's status and headers (minus
 * those the platform says not to forward, spec §10) around the injected body.
 */
import { createResponse } from '../platform.ts';
import type { ByteStream } from '../bytes.ts';
import { inject, type InjectOptions, type Injection } from './inject.ts';

/** spec §10: response headers not to forward from a sub-request (the body changes, and hop-by-hop). */
export const UNFORWARDED_RESPONSE_HEADERS = [
  'content-length', 'vary', 'content-encoding', 'connection', 'keep-alive', 'proxy-authenticate', 'trailer', 'transfer-encoding', 'upgrade',
] as const;

export interface OriginResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly body: ByteStream;
  getHeaders(): Record<string, string[]>;
}

export function forwardableHeaders(response: OriginResponse, extra: Readonly<Record<string, string | string[]>> = {}): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(response.getHeaders())) {
    if (!(UNFORWARDED_RESPONSE_HEADERS as readonly string[]).includes(name.toLowerCase())) headers[name] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return { ...headers, ...extra };
}

/** Whether a response is HTML (no content type: assumed HTML, as a browser sniffing a page would). */
export function isHtmlResponse(response: OriginResponse): boolean {
  const type = response.getHeaders()['content-type']?.[0];
  return type === undefined || /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i.test(type);
}

/**
 * `createResponse(status, forwardable headers, inject(body, injections))`. A response that is not
 * HTML (an image, JSON) passes through untouched.
 */
export function respondInjected(response: OriginResponse, injections: readonly Injection[], options: InjectOptions & { headers?: Readonly<Record<string, string | string[]>> } = {}): object {
  const headers = forwardableHeaders(response, options.headers);
  if (!isHtmlResponse(response)) return createResponse(response.status, headers, response.body);
  return createResponse(response.status, headers, inject(response.body, injections, options));
}
