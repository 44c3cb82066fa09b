/**
 * Errors of the platform package. Every error Weft raises on its own behalf is a WeftError with a
 * stable `code`; `kind` says whether the user (worker author, config) or Weft itself is at fault.
 * Where the platform throws a built-in error type (TypeError, RangeError), modules throw that type
 * with a message that names the argument, the value and the rule (see `describeValue`).
 */
export type ErrorKind = 'user' | 'system';

export class WeftError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  constructor(code: string, message: string, options?: { kind?: ErrorKind; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = options?.kind ?? 'user';
  }
}

/** A short, safe rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return String(value);
}
