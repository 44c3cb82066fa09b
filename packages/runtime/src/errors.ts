/**
 * Errors the runtime raises on its own behalf (not worker faults, which are InvocationOutcomes).
 * Each carries a stable `code`; `kind` says whether the user (bundle, config) or Weft is at fault.
 */
import { WeftError } from '@weft/platform';

/** The bundle cannot be read at all: missing path, unreadable archive, no main.js. */
export class BundleError extends WeftError {
  readonly path: string;
  constructor(code: `WEFT_BUNDLE_${string}`, path: string, message: string, cause?: unknown) {
    super(code, message, { kind: 'user', cause });
    this.path = path;
  }
}

/** A tar archive that does not follow the ustar layout. */
export class TarFormatError extends WeftError {
  constructor(message: string) {
    super('WEFT_TAR_INVALID', message, { kind: 'user' });
  }
}

/** An edge thread could not start or died outside any request (a Weft fault, not the worker's). */
export class EdgeThreadError extends WeftError {
  constructor(message: string, cause?: unknown) {
    super('WEFT_EDGE_THREAD', message, { kind: 'system', cause });
  }
}

/** The edge was closed while a request was still waiting for it. */
export class EdgeClosedError extends WeftError {
  constructor(message = 'The edge was closed before this request finished.') {
    super('WEFT_EDGE_CLOSED', message, { kind: 'system' });
  }
}
