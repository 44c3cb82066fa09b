/**
 * Errors of the CLI. Each is a WeftError with a stable code; the message says what was wrong, where,
 * and what to do instead, because it is printed to a terminal as is.
 */
import { WeftError } from '@weft/platform';
import { closest } from './suggest.ts';

/** `weft.config.ts` is missing, cannot be loaded, or does not match the schema: the runtime's ConfigError, one class for every config. */
export { ConfigError } from '@weft/runtime';

/** A command named an app that does not exist under `apps/` (exit status 2: the command line is wrong). */
export class UnknownAppError extends WeftError {
  constructor(name: string, known: readonly string[]) {
    const guess = closest(name, known);
    super('WEFT_APP_UNKNOWN', `unknown app "${name}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}; apps under apps/: ${known.length > 0 ? known.join(', ') : '(none)'}; or give the path of a folder with a weft.config.ts`);
  }
}

/** esbuild could not bundle the worker; `message` holds esbuild's formatted diagnostics. */
export class BuildError extends WeftError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WEFT_BUILD_FAILED', message, options);
  }
}

/** A mock origin could not start (port in use, module without a handler, ...). */
export class MockOriginError extends WeftError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WEFT_MOCK_START_FAILED', message, options);
  }
}

/** `--inspect`: the debugger's port is taken, or the inspector could not open on it. */
export class InspectorError extends WeftError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WEFT_INSPECT_PORT', message, { kind: 'user', ...options });
  }
}

/** `weft init` would overwrite a file. */
export class InitConflictError extends WeftError {
  constructor(message: string) {
    super('WEFT_INIT_CONFLICT', message);
  }
}

/** A request named a scenario (`x-weft-scenario`) that the app's config does not declare. */
export class UnknownScenarioError extends WeftError {
  constructor(header: string, name: string, known: readonly string[]) {
    super('WEFT_SCENARIO_UNKNOWN', `unknown scenario "${name}" in the ${header} header; scenarios in weft.config.ts: ${known.length > 0 ? known.join(', ') : '(none)'}`);
  }
}

/**
 * Local EdgeKV: a bad name, seed file, token file, settings section or service port. `code` says which
 * (`WEFT_EDGEKV_BAD_NAME`, `WEFT_EDGEKV_BAD_SEED`, `WEFT_EDGEKV_TOKENS`, `WEFT_EDGEKV_CONFIG`,
 * `WEFT_EDGEKV_LISTEN`; docs/error-codes.md).
 */
export class EdgeKvError extends WeftError {
  constructor(code: `WEFT_EDGEKV_${string}`, message: string, options?: { cause?: unknown }) {
    super(code, message, { kind: 'user', ...options });
  }
}
