import { WeftError } from '@weft/platform';

/**
 * An origin forward that failed. `status` is what the client gets when the failure comes before
 * the response head went out (502 for a broken origin, 504 for a slow one, as the edge answers);
 * after that the response can only be cut short. `reason` is the short cause the trace shows.
 */
export class OriginError extends WeftError {
  readonly originUrl: string;
  readonly reason: string;
  readonly status: 502 | 504;
  constructor(code: string, status: 502 | 504, originUrl: string, reason: string, message: string, cause?: unknown) {
    super(code, message, { kind: 'user', cause });
    this.originUrl = originUrl;
    this.reason = reason;
    this.status = status;
  }
}

/** The origin could not be reached or dropped the connection; the client gets a 502 saying why. */
export class OriginUnreachableError extends OriginError {
  constructor(originUrl: string, reason: string, cause?: unknown) {
    super('WEFT_ORIGIN_UNREACHABLE', 502, originUrl, reason, `origin ${originUrl} is unreachable: ${reason}`, cause);
  }
}

/** The origin answered something that is not valid HTTP/1.1 (bad status line, bad chunk framing...): 502. */
export class OriginProtocolError extends OriginError {
  constructor(originUrl: string, reason: string, cause?: unknown) {
    super('WEFT_ORIGIN_INVALID_RESPONSE', 502, originUrl, reason, `origin ${originUrl} sent an invalid HTTP response: ${reason}`, cause);
  }
}

/** The origin accepted the request but was too slow (connect, first byte or a read): 504, as the edge's Read Timeout. */
export class OriginTimeoutError extends OriginError {
  constructor(originUrl: string, reason: string, cause?: unknown) {
    super('WEFT_ORIGIN_TIMEOUT', 504, originUrl, reason, `origin ${originUrl} timed out: ${reason}`, cause);
  }
}

/** A request that needs an origin when none is configured. */
export class NoOriginError extends WeftError {
  constructor(detail: string) {
    super('WEFT_ORIGIN_NOT_CONFIGURED', `no origin is configured for this request (${detail}); pass --origin URL or set "origin" in the config`, { kind: 'user' });
  }
}

/** Names a network error by its code (ECONNREFUSED, ENOTFOUND, ...) and message. */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const withCode = error as Error & { code?: unknown; cause?: unknown };
  const cause = withCode.cause instanceof Error ? (withCode.cause as Error & { code?: unknown }) : undefined;
  const code = typeof withCode.code === 'string' && !withCode.code.startsWith('UND_ERR') ? withCode.code : typeof cause?.code === 'string' ? cause.code : withCode.code;
  const message = cause?.message ?? error.message;
  return typeof code === 'string' ? `${code} (${message})` : message;
}

function codeOf(error: unknown): string | undefined {
  const code: unknown = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The timeouts the dispatcher applies, for messages that say which one fired and how to change it. */
export interface TimeoutNames {
  connectMs: number;
  readMs: number;
}

/**
 * Sorts an outbound failure (undici's error codes) into the edge's three outcomes. `received`
 * says whether the response head had arrived, which decides how a dropped connection reads.
 */
export function classifyOriginFailure(originUrl: string, error: unknown, timeouts: TimeoutNames, received: boolean): OriginError {
  if (error instanceof OriginError) return error;
  const code = codeOf(error);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new OriginTimeoutError(originUrl, `no connection within the connect timeout of ${timeouts.connectMs} ms`, error);
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new OriginTimeoutError(originUrl, `no complete response head within the read timeout of ${timeouts.readMs} ms after the request was sent`, error);
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new OriginTimeoutError(originUrl, `the response body stalled for longer than the read timeout of ${timeouts.readMs} ms`, error);
  }
  if ((error instanceof Error && error.name === 'HTTPParserError') || code === 'UND_ERR_HEADERS_OVERFLOW' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    const detail = error instanceof Error ? error.message : String(error);
    return new OriginProtocolError(originUrl, code === undefined ? detail : `${detail} [${code}]`, error);
  }
  if (code === 'UND_ERR_INVALID_ARG') {
    // undici refused to write the request (a header value with a line break, say): nothing reached the origin.
    const detail = error instanceof Error ? error.message : String(error);
    return new OriginUnreachableError(originUrl, `the request could not be sent to it (${detail}); check the headers and method the worker set`, error);
  }
  if (code === 'UND_ERR_SOCKET') {
    const what = received ? 'the origin closed the connection before the response body was complete' : 'the origin closed the connection before sending a response';
    return new OriginUnreachableError(originUrl, `${what} (${describeNetworkError(error)})`, error);
  }
  return new OriginUnreachableError(originUrl, describeNetworkError(error), error);
}
