import { WeftError } from '@weft/platform';

/** The origin could not be reached or failed before sending headers; the client gets a 502 saying why. */
export class OriginUnreachableError extends WeftError {
  readonly originUrl: string;
  readonly reason: string;
  constructor(originUrl: string, reason: string, cause?: unknown) {
    super('WEFT_ORIGIN_UNREACHABLE', `origin ${originUrl} is unreachable: ${reason}`, { kind: 'user', cause });
    this.originUrl = originUrl;
    this.reason = reason;
  }
}

/** A request that needs an origin when none is configured. */
export class NoOriginError extends WeftError {
  constructor(detail: string) {
    super('WEFT_NO_ORIGIN', `no origin is configured for this request (${detail}); pass --origin URL or set "origin" in the config`, { kind: 'user' });
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
