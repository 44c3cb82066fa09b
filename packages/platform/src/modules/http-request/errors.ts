/** Errors of `http-request`, each with a stable code (spec §10, §2.6). */
import { WeftError } from '../../errors.ts';

/** The message always contains "subrequest to URL … timed out", which edgekv.js matches (§2.6). */
export class SubrequestTimeoutError extends WeftError {
  constructor(url: string, ms: number, source: string) {
    super('SUBREQUEST_TIMEOUT', `subrequest to URL ${url} timed out after ${ms} ms (${source})`);
  }
}

export class SubrequestLimitError extends WeftError {
  constructor(message: string) {
    super('SUBREQUEST_LIMIT', message);
  }
}

export class SubrequestHostError extends WeftError {
  constructor(message: string) {
    super('SUBREQUEST_HOST_NOT_ALLOWED', message);
  }
}

export class SubrequestResponseTooLargeError extends WeftError {
  constructor(message: string) {
    super('SUBREQUEST_RESPONSE_TOO_LARGE', message);
  }
}

export class SubrequestFailedError extends WeftError {
  constructor(url: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('SUBREQUEST_FAILED', `subrequest to URL ${url} failed: ${reason}`, { cause });
  }
}

export class NoInvocationError extends WeftError {
  constructor(what: string) {
    super('NO_INVOCATION', `${what} can only be called while an event handler runs (inside onClientRequest, responseProvider, ...), not at module top level`);
  }
}
