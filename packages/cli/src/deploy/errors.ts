/**
 * Errors of shipping to the edge (`weft deploy`, `weft token`, `weft validate --remote`). Each names
 * what went wrong and what to do, since it is printed to a terminal as is (docs/error-codes.md).
 */
import { WeftError } from '@weft/platform';

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
