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

// Shipping to the edge (`weft deploy`, `weft token`, `weft validate --remote`).
/** The `.edgerc` file is missing, has no such section, lacks a key, or names a host Weft will not use. */
export class EdgercError extends WeftError {
  constructor(message: string) {
    super('WEFT_DEPLOY_EDGERC', message, { kind: 'user' });
  }
}

/** A problem document of the EdgeWorkers API (`type`, `title`, `detail`, `status`), with what to do about it. */
export interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  status: number;
  instance?: string;
}

/** The EdgeWorkers API answered with an error; `problem` is its answer, `hint` what to do. */
export class EdgeWorkersApiError extends WeftError {
  readonly problem: Problem;
  constructor(what: string, problem: Problem, hint: string) {
    const said = [problem.title, problem.detail].filter((part) => part !== undefined && part !== '').join(': ');
    super('WEFT_DEPLOY_API', `${what}: the EdgeWorkers API answered ${problem.status}${said === '' ? '' : ` (${said})`}; ${hint}`, { kind: 'user' });
    this.problem = problem;
  }
}

/** The API could not be reached, or the connection broke, on every attempt. */
export class ApiUnreachableError extends WeftError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WEFT_DEPLOY_NETWORK', message, { kind: 'user', ...options });
  }
}

/** The bundle's `edgeworker-version` is already uploaded under this EdgeWorker ID; versions are never replaced. */
export class VersionExistsError extends WeftError {
  constructor(message: string) {
    super('WEFT_DEPLOY_VERSION_EXISTS', message, { kind: 'user' });
  }
}

/** The bundle failed local validation, so nothing was uploaded. */
export class InvalidBundleError extends WeftError {
  constructor(message: string) {
    super('WEFT_DEPLOY_INVALID_BUNDLE', message, { kind: 'user' });
  }
}

/** The activation ended in a failed state (ABORTED, FAILED). */
export class ActivationFailedError extends WeftError {
  constructor(message: string) {
    super('WEFT_DEPLOY_ACTIVATION_FAILED', message, { kind: 'user' });
  }
}
