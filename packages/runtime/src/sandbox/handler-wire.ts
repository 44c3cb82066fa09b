/**
 * The host's side of a handler call's wire (platform realm/wire.ts): the request state encoded for
 * the realm, and the realm's answer read back as untrusted text. A worker can only break its own
 * call: an answer that does not parse or has the wrong shape fails that handler, nothing else.
 */
import { HeaderList, type HandlerInput, type HandlerOutcome, type ObjectInvocation, type RequestState, type ResponseState, type ResultWire } from '@weft/platform';

export interface HandlerCallInput {
  state: RequestState;
  response?: ResponseState | undefined;
  invocation: Pick<ObjectInvocation, 'variableBudget' | 'respondWithBodyChars' | 'requestBufferedBodyBytes' | 'requestBodyStreamBytes'>;
  /** The host byte source id of the client body, 0 for none. */
  bodySource: number;
}

function flat(headers: HeaderList): string[] {
  return headers.toRaw();
}

export function encodeInput(handler: string, input: HandlerCallInput): string {
  const { state } = input;
  const wire: HandlerInput = {
    handler,
    request: {
      method: state.method, scheme: state.scheme, host: state.host, path: state.path, query: state.query, cpCode: state.cpCode, clientIp: state.clientIp,
      headers: flat(state.headers), originalHeaders: flat(state.originalHeaders),
      variables: [...state.variables],
      sensitiveVariables: state.sensitiveVariables === undefined ? undefined : [...state.sensitiveVariables],
      route: state.route, cacheKeyPolicy: state.cacheKeyPolicy,
      userLocation: state.userLocation as unknown as Record<string, string | string[]> | null,
      device: state.device as unknown as Record<string, string | number | boolean> | null,
      botSegment: state.botSegment,
      bodySource: input.bodySource,
      bodyUse: state.bodyUse,
    },
    response: input.response === undefined ? undefined : { status: input.response.status, headers: flat(input.response.headers) },
    variableBudget: input.invocation.variableBudget,
    respondWithBodyChars: input.invocation.respondWithBodyChars,
    requestBufferedBodyBytes: input.invocation.requestBufferedBodyBytes,
    requestBodyStreamBytes: input.invocation.requestBodyStreamBytes,
  };
  // Every key is present (undefined as null): the realm then reads own properties only, never a
  // getter a worker put on its Object.prototype.
  return JSON.stringify(wire, (_key, value: unknown) => (value === undefined ? null : value));
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const isPairs = (value: unknown): value is Array<[string, string]> => Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && isString(pair[0]) && isString(pair[1]));
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkResult(value: unknown): ResultWire | undefined {
  if (!isRecord(value)) return undefined;
  if (value.kind === 'other' && isString(value.description)) return { kind: 'other', description: value.description };
  if (value.kind === 'created' && typeof value.status === 'number' && isPairs(value.headers) && typeof value.stream === 'number'
    && (value.text === undefined || isString(value.text)) && (value.denyReason === undefined || isString(value.denyReason))) {
    return { kind: 'created', status: value.status, headers: value.headers, text: value.text as string | undefined, stream: value.stream, denyReason: value.denyReason as string | undefined };
  }
  return undefined;
}

/** The realm's answer, or undefined when it is not one (the call then fails as an ExecutionError). */
export function readOutcome(json: string): HandlerOutcome | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.ok !== 'boolean' || !Array.isArray(value.warnings) || !value.warnings.every(isString)) return undefined;
  const error = isRecord(value.error) && isString(value.error.name) && isString(value.error.message)
    ? { name: value.error.name, message: value.error.message, stack: isString(value.error.stack) ? value.error.stack : undefined }
    : undefined;
  const request = value.request;
  if (value.ok && (!isRecord(request) || !isStringList(request.headers) || !isPairs(request.variables) || !isRecord(request.route) || !isRecord(request.cacheKeyPolicy))) return undefined;
  const response = isRecord(value.response) && typeof value.response.status === 'number' && isStringList(value.response.headers) ? { status: value.response.status, headers: value.response.headers } : undefined;
  const rw = value.respondWith;
  const respondWith = isRecord(rw) && typeof rw.status === 'number' && isStringList(rw.headers) && isString(rw.body) && isStringList(rw.warnings) && (rw.denyReason === undefined || isString(rw.denyReason))
    ? { status: rw.status, headers: rw.headers, body: rw.body, denyReason: rw.denyReason as string | undefined, warnings: rw.warnings }
    : undefined;
  return {
    ok: value.ok,
    error,
    result: checkResult(value.result),
    value: isString(value.value) ? value.value : undefined,
    request: request as HandlerOutcome['request'],
    response,
    respondWith,
    warnings: value.warnings,
  };
}

/** Applies what the handler changed to the host's request (and response) state. */
export function applyOutcome(outcome: HandlerOutcome, input: HandlerCallInput): void {
  const { state } = input;
  if (isRecord(outcome.request)) {
    state.headers.replaceWith(outcome.request.headers);
    state.variables = new Map(outcome.request.variables);
    state.route = outcome.request.route;
    state.cacheKeyPolicy = outcome.request.cacheKeyPolicy;
    if (outcome.request.bodyUse !== undefined) state.bodyUse = outcome.request.bodyUse;
  }
  if (input.response !== undefined && outcome.response !== undefined) {
    input.response.status = outcome.response.status;
    input.response.headers.replaceWith(outcome.response.headers);
  }
}
