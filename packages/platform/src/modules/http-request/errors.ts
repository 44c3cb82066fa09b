/**
 * Errors of `http-request`, each with a stable code (spec §10, §2.6). Plain ECMAScript: the host
 * throws them, and the realm rebuilds each one by name (`rebuildSubrequestError`), since a host
 * error object never crosses the door.
 */
import { WeftError } from '../../errors.ts';

/** The message always contains "subrequest to URL … timed out", which edgekv.js matches (§2.6). */
export class SubrequestTimeoutError extends WeftError {
  constructor(url: string, ms: number, source: string) {
    super('WEFT_SUBREQUEST_TIMEOUT', `subrequest to URL ${url} timed out after ${ms} ms (${source})`);
  }
}

export class SubrequestLimitError extends WeftError {
  constructor(message: string) {
    super('WEFT_SUBREQUEST_LIMIT', message);
  }
}

export class SubrequestHostError extends WeftError {
  constructor(message: string) {
    super('WEFT_SUBREQUEST_HOST_NOT_ALLOWED', message);
  }
}

export class SubrequestResponseTooLargeError extends WeftError {
  constructor(message: string) {
    super('WEFT_SUBREQUEST_RESPONSE_TOO_LARGE', message);
  }
}

export class SubrequestFailedError extends WeftError {
  constructor(url: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('WEFT_SUBREQUEST_FAILED', `subrequest to URL ${url} failed: ${reason}`, { cause });
  }
}

export class NoInvocationError extends WeftError {
  constructor(what: string) {
    super('WEFT_SUBREQUEST_NO_INVOCATION', `${what} can only be called while an event handler runs (inside onClientRequest, responseProvider, ...), not at module top level`);
  }
}

/** The buffered-read cap of the limits profile (spec §21.2); a plain WeftError, as it always was. */
export function bufferedLimitError(limit: number): WeftError {
  return new WeftError('WEFT_SUBREQUEST_BUFFERED_BODY_LIMIT', `httpResponse.text()/json(): body exceeds the ${limit}-byte limit of the active limits profile; read response.body as a stream instead`);
}

const CLASSES: Readonly<Record<string, new (...args: never[]) => WeftError>> = {
  SubrequestTimeoutError, SubrequestLimitError, SubrequestHostError, SubrequestResponseTooLargeError, SubrequestFailedError, NoInvocationError, WeftError,
};

/**
 * The error of this module that the host reported (the host link rebuilt it as a plain Error with
 * its name, message and code); any other error as it is.
 */
export function rebuildSubrequestError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof WeftError || !Object.hasOwn(CLASSES, error.name)) return error;
  const code: unknown = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  const cls = CLASSES[error.name] as new (...args: never[]) => WeftError;
  // WeftError's constructor alone sets code and message; `cls` gives the prototype and the name.
  return Reflect.construct(WeftError, [code, error.message], cls) as WeftError;
}
