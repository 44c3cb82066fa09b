/**
 * WebCrypto and the encoding functions throw DOMException (spec §17, §18). A vm realm has none, so
 * the platform defines one with the same shape (name, message, legacy code) in whichever realm runs
 * this code; `instanceof Error` holds, as it does for the platform's own.
 */
const LEGACY_CODES: Readonly<Record<string, number>> = {
  IndexSizeError: 1, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12,
  InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
  QuotaExceededError: 22, TimeoutError: 23, InvalidCharacterError: 5, DataCloneError: 25,
};

export class DOMException extends Error {
  readonly code: number;
  constructor(message = '', name = 'Error') {
    super(message);
    Object.defineProperty(this, 'name', { __proto__: null, value: name, writable: true, configurable: true, enumerable: false } as PropertyDescriptor);
    this.code = LEGACY_CODES[name] ?? 0;
  }
}

export function isDomExceptionName(name: string): boolean {
  return Object.hasOwn(LEGACY_CODES, name) || name === 'OperationError' || name === 'DataError' || name === 'EncodingError';
}
