/**
 * Errors of the compose toolkit. The toolkit runs inside the worker, so it cannot import the host's
 * `@weft/platform` (which uses Node APIs); `ComposeError` mirrors the platform's `WeftError` shape:
 * a stable `code` and a `kind` saying whether the author (`user`) or a source (`system`) is at fault.
 */
export type ComposeErrorKind = 'user' | 'system';

export class ComposeError extends Error {
  readonly code: string;
  readonly kind: ComposeErrorKind;
  constructor(code: string, message: string, options?: { kind?: ComposeErrorKind; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = options?.kind ?? 'user';
  }
}

/** A composition or source was declared wrongly (bad name, unknown dependency, cycle, bad option). */
export class DefinitionError extends ComposeError {
  constructor(message: string) {
    super('WEFT_COMPOSE_INVALID_DEFINITION', message);
  }
}

/** Why a source produced no data. */
export type FailureReason =
  | 'network'      // httpRequest rejected (connection refused, host not allowed, ...)
  | 'timeout'      // the per-source timeout or the composition deadline expired
  | 'deadline'     // no time was left to start the source at all
  | 'status'       // the source answered a non-2xx status
  | 'json'         // the body is not JSON
  | 'schema'       // the body does not match the source's schema
  | 'request'      // building the request threw (URL template, headers, body)
  | 'condition'    // the `when` predicate threw
  | 'dependency'   // a dependency failed without a fallback
  | 'limit';       // the platform's sub-request count would be exceeded

/** A source failed; the message names the source and, for schema failures, the failing path. */
export class SourceError extends ComposeError {
  readonly source: string;
  readonly reason: FailureReason;
  readonly status: number | undefined;
  constructor(source: string, reason: FailureReason, message: string, options?: { status?: number; cause?: unknown }) {
    super(`WEFT_COMPOSE_SOURCE_${reason.toUpperCase()}`, `source "${source}": ${message}`, { kind: 'system', cause: options?.cause });
    this.source = source;
    this.reason = reason;
    this.status = options?.status;
  }
}

/** A value read from the request for a URL template was missing and had no default. */
export class TemplateError extends ComposeError {
  constructor(message: string) {
    super('WEFT_COMPOSE_TEMPLATE', message);
  }
}

/** A short, safe rendering of a value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
