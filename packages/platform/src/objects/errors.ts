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
}

export const HOST_REALM: ErrorRealm = { TypeError, RangeError };

/** spec §3.3, §25.25: the cumulative setVariable budget of one handler execution. */
export class VariableBudgetError extends WeftError {
  constructor(message: string) {
    super('ERR_VARIABLE_BUDGET', message);
  }
}

/** spec §3.4, decisions 4: the respondWith body limit of the active limits profile. */
export class RespondWithBodyLimitError extends WeftError {
  constructor(message: string) {
    super('ERR_RESPOND_WITH_BODY_LIMIT', message);
  }
}

/** spec §3.6, §21.2: request body limits in responseProvider. */
export class RequestBodyLimitError extends WeftError {
  constructor(message: string) {
    super('ERR_REQUEST_BODY_LIMIT', message);
  }
}

/** A simulated location, device or bot segment (decisions, "Local simulation") that cannot be typed. */
export class SimulationValueError extends WeftError {
  constructor(message: string) {
    super('ERR_SIMULATION_VALUE', message);
  }
}
