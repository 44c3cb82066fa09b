/** What the HTTP front accepts from a client before the pipeline sees a request. */

/**
 * Header lines in one request. Node silently drops lines past its `maxHeadersCount`, which would
 * hand a worker a partial request; Weft refuses with 431 instead (RFC 6585 §5). Browsers send a few
 * dozen; a thousand leaves room for any honest client.
 */
export const MAX_HEADER_LINES = 1000;

/**
 * How long a client may take to send its request line and headers (slowloris). Node's default
 * (60 s, checked every 30 s) lets a trickling client hold a socket for up to 90 s.
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 20_000;

/** How often Node checks the headers timeout: a fraction of it, so a slow client is cut off close to it. */
export function timeoutCheckInterval(headersTimeoutMs: number): number {
  return Math.max(50, Math.min(1000, Math.floor(headersTimeoutMs / 4)));
}
