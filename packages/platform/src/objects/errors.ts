/**
 * Errors of the request and response objects. Where the platform throws a built-in type
 * (TypeError for bad arguments, RangeError for a status) the objects throw that type, made in the
 * worker's realm when the runtime supplies it, so `e instanceof TypeError` holds in worker code.
 * Budgets and limits with no mandated type are WeftErrors with a stable code.
 */
import { WeftError } from '../errors.ts';

/** Error constructors of the realm that runs the worker (a `vm` context has its own). */
export interface ErrorRealm {
  TypeError: new (message?: string) => TypeError;
  RangeError: new (message?: string) => RangeError;
  /** When given, WeftErrors thrown to worker code take this realm's Error.prototype. */
  Error?: new (message?: string) => Error;
  /** When given, request.json() parse errors take this realm's SyntaxError.prototype. */
  SyntaxError?: new (message?: string) => SyntaxError;
}

export const HOST_REALM: ErrorRealm = { TypeError, RangeError };

/**
 * Re-homes an error made on the host into the worker's realm, so `e instanceof Error` holds in
 * worker code. Own `name`, `code` and `kind` stay, so host code classifies it by `code`.
 */
export function toRealm<E extends Error>(error: E, realm: ErrorRealm): E {
  const target = error instanceof SyntaxError ? realm.SyntaxError : realm.Error;
  if (target !== undefined && Object.getPrototypeOf(error) !== target.prototype) {
    if (!Object.hasOwn(error, 'name')) Object.defineProperty(error, 'name', { __proto__: null, value: error.name, writable: true, configurable: true } as PropertyDescriptor);
    Object.setPrototypeOf(error, target.prototype);
  }
  return error;
}

/** spec §3.3, §25.25: the cumulative setVariable budget of one handler execution. */
export class VariableBudgetError extends WeftError {
  constructor(message: string) {
    super('WEFT_VARIABLE_BUDGET', message);
  }
}

/** spec §3.4, decisions 4: the respondWith body limit of the active limits profile. */
export class RespondWithBodyLimitError extends WeftError {
  constructor(message: string) {
    super('WEFT_RESPOND_WITH_BODY_LIMIT', message);
  }
}

/** spec §3.6, §21.2: request body limits in responseProvider. */
export class RequestBodyLimitError extends WeftError {
  constructor(message: string) {
    super('WEFT_REQUEST_BODY_LIMIT', message);
  }
}

/** A simulated location, device or bot segment (decisions, "Local simulation") that cannot be typed. */
export class SimulationValueError extends WeftError {
  constructor(message: string) {
    super('WEFT_SIMULATION_BAD_VALUE', message);
  }
}
