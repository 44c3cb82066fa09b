/**
 * The host's side of a handler call's wire (platform realm/wire.ts): the request state encoded for
 * the realm, and the realm's answer read back as untrusted text. A worker can only break its own
 * call: an answer that does not parse or has the wrong shape fails that handler, nothing else.
 */
import { COMPACT_SEPARATOR, encodeHeaderText, HANDLERS, type HandlerFacts, type HandlerName, type HeaderList } from '@weft/platform';
import type { CacheKeyPolicy, CallArgs, CallExtrasWire, HandlerOutcome, ObjectInvocation, RequestBodyUse, RequestChanges, RequestState, ResponseState, ResultWire, RouteState } from '@weft/platform';

export interface HandlerCallInput {
  state: RequestState;
  response?: ResponseState | undefined;
  invocation: Pick<ObjectInvocation, 'variableBudget' | 'respondWithBodyChars' | 'requestBufferedBodyBytes' | 'requestBodyStreamBytes'>;
  /** The host byte source id of the client body, 0 for none. */
  bodySource: number;
}

// The JSON of a frozen geo or device record (the empty ones serve every request without the
// simulation headers): written once.
const recordTexts = new WeakMap<object, string>();

function recordText(record: object | null | undefined): string {
  if (record === null || record === undefined) return 'null';
  const known = recordTexts.get(record);
  if (known !== undefined) return known;
  const text = JSON.stringify(nullFree(record));
  if (Object.isFrozen(record)) recordTexts.set(record, text);
  return text;
}

/**
 * The call's arguments for the realm's kernel (CallArgs): primitives, header lists as header text,
 * the rarer parts as JSON. JSON parts carry only present keys or nulls, so the realm reads own
 * properties only, never a getter a worker put on its Object.prototype.
 */
export function encodeInput(handler: HandlerName, input: HandlerCallInput): CallArgs {
  const { state, response, invocation } = input;
  const facts = HANDLERS[handler];
  const sensitive = state.sensitiveVariables;
  return [
    state.method,
    state.scheme,
    state.host,
    state.path,
    state.query,
    state.cpCode,
    state.clientIp,
    sensitive === undefined ? '' : JSON.stringify([...sensitive]),
    recordText(state.userLocation),
    recordText(state.device),
    headerText(state.headers),
    state.variables.size === 0 ? '' : JSON.stringify([...state.variables]),
    extrasText(facts, state),
    response === undefined ? -1 : response.status,
    response === undefined ? '' : headerText(response.headers),
    input.bodySource,
    invocation.variableBudget,
    invocation.respondWithBodyChars,
    invocation.requestBufferedBodyBytes ?? -1,
    invocation.requestBodyStreamBytes ?? -1,
  ];
}

/** A header list's text: the one it last crossed the door as, while it has not changed since, or written anew. */
export function headerText(list: HeaderList): string {
  const known = list.knownText;
  if (known !== undefined) return known;
  const text = encodeHeaderText(list.toRaw());
  list.noteText(text);
  return text;
}

/** Replaces a list's lines with those of a header text from the realm, and notes the text. */
function replaceFromText(list: HeaderList, text: string): void {
  list.replaceWithText(text);
}

/** The call's rarer parts as JSON with only the present keys, or '' when none is. */
function extrasText(facts: HandlerFacts, state: RequestState): string {
  const extras: CallExtrasWire = {};
  // An empty route and the default policy are what the realm assumes when they are left out.
  if (facts.canRoute && !isEmpty(state.route)) extras.route = state.route;
  if (facts.hasCacheKey && !isDefaultPolicy(state.cacheKeyPolicy)) extras.cacheKeyPolicy = state.cacheKeyPolicy;
  if (state.botSegment !== undefined) extras.botSegment = state.botSegment;
  if (state.bodyUse !== undefined) extras.bodyUse = state.bodyUse;
  for (const _ in extras) return JSON.stringify(extras);
  return '';
}

function isEmpty(record: object): boolean {
  for (const _ in record) return false;
  return true;
}

function isDefaultPolicy(policy: CacheKeyPolicy): boolean {
  return policy.query === 'include' && policy.queryArgs.length === 0 && policy.cookies.length === 0 && policy.headers.length === 0 && policy.variables.length === 0;
}

/** A geo or device record with only its present fields (the realm reads own properties only), or null for no record. */
function nullFree<V>(record: object | null | undefined): Record<string, V> | null {
  if (record === null || record === undefined) return null;
  const out: Record<string, V> = {};
  for (const key in record) {
    const value = (record as Record<string, V | undefined>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const isPairs = (value: unknown): value is Array<[string, string]> => Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && isString(pair[0]) && isString(pair[1]));
/** Header text from the realm: plain text always decodes to strings; the JSON form must be a list of strings. */
function isHeaderText(value: unknown): value is string {
  if (!isString(value)) return false;
  if (!value.startsWith('[')) return true;
  try {
    return isStringList(JSON.parse(value));
  } catch (error) {
    // The realm's answer is untrusted text: malformed JSON is a bad answer, anything else a bug.
    if (error instanceof SyntaxError) return false;
    throw error;
  }
}
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
  if (json.startsWith(COMPACT_SEPARATOR)) return readCompactOutcome(json);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    // Untrusted text from the realm: malformed JSON is an answer the caller rejects as such.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  if (!isRecord(value) || typeof value.ok !== 'boolean' || !Array.isArray(value.warnings) || !value.warnings.every(isString)) return undefined;
  const error = isRecord(value.error) && isString(value.error.name) && isString(value.error.message)
    ? { name: value.error.name, message: value.error.message, stack: isString(value.error.stack) ? value.error.stack : undefined, hostStack: isString(value.error.hostStack) ? value.error.hostStack : undefined }
    : undefined;
  const request = readRequestChanges(value.request);
  if (request === undefined) return undefined;
  const response = readResponse(value.response);
  if (value.response !== undefined && response === undefined) return undefined;
  const rw = value.respondWith;
  const respondWith = isRecord(rw) && typeof rw.status === 'number' && isStringList(rw.headers) && isString(rw.body) && isStringList(rw.warnings) && (rw.denyReason === undefined || isString(rw.denyReason))
    ? { status: rw.status, headers: rw.headers, body: rw.body, denyReason: rw.denyReason as string | undefined, warnings: rw.warnings }
    : undefined;
  return {
    ok: value.ok,
    error,
    result: checkResult(value.result),
    value: isString(value.value) ? value.value : undefined,
    request,
    response,
    respondWith,
    warnings: value.warnings,
  };
}

const NO_WARNINGS = Object.freeze([]) as unknown as string[];

/**
 * A compact outcome (platform wire.ts COMPACT_SEPARATOR), checked field by field: found by
 * scanning for the separators, without splitting the text into fields first.
 */
function readCompactOutcome(text: string): HandlerOutcome | undefined {
  const step = COMPACT_SEPARATOR.length;
  const second = text.indexOf(COMPACT_SEPARATOR, step);
  const third = second === -1 ? -1 : text.indexOf(COMPACT_SEPARATOR, second + step);
  if (third === -1 || text.indexOf(COMPACT_SEPARATOR, third + step) !== -1) return undefined;
  const headers = compactHeaders(text, step, second);
  const changedResponse = compactHeaders(text, third + step, text.length);
  if (headers === false || changedResponse === false) return undefined;
  const statusStart = second + step;
  const status = third === statusStart ? undefined : statusOf(text, statusStart, third);
  if (status === false || (status === undefined && changedResponse !== undefined)) return undefined;
  return {
    ok: true, error: undefined, result: undefined, value: undefined, respondWith: undefined, warnings: NO_WARNINGS,
    request: { headers, variables: undefined, route: undefined, cacheKeyPolicy: undefined, bodyUse: undefined },
    response: status === undefined ? undefined : { status, headers: changedResponse },
  };
}

/** A compact header field at [start, end): undefined for '-' (unchanged), the header text after '+', false for anything else. */
function compactHeaders(text: string, start: number, end: number): string | undefined | false {
  const mark = text.charCodeAt(start);
  if (mark === MINUS && end === start + 1) return undefined;
  if (mark !== PLUS || end <= start) return false;
  const headers = text.slice(start + 1, end);
  return isHeaderText(headers) ? headers : false;
}

/** A compact status at [start, end): three digits, the first not 0; false for anything else. */
function statusOf(text: string, start: number, end: number): number | false {
  if (end - start !== 3) return false;
  let status = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9 || (i === start && digit === 0)) return false;
    status = status * 10 + digit;
  }
  return status;
}

const MINUS = 0x2d;
const PLUS = 0x2b;
const ZERO = 0x30;

/** The request parts a handler changed, each checked; undefined when any present part is malformed. */
function readRequestChanges(value: unknown): RequestChanges | undefined {
  if (value === undefined) return { headers: undefined, variables: undefined, route: undefined, cacheKeyPolicy: undefined, bodyUse: undefined };
  if (!isRecord(value)) return undefined;
  const { headers, variables, route, cacheKeyPolicy, bodyUse } = value;
  if ((headers !== undefined && !isHeaderText(headers)) || (variables !== undefined && !isPairs(variables))) return undefined;
  if ((route !== undefined && !isRecord(route)) || (cacheKeyPolicy !== undefined && !isRecord(cacheKeyPolicy))) return undefined;
  if (bodyUse !== undefined && !BODY_USES.has(bodyUse as RequestBodyUse)) return undefined;
  return { headers, variables, route: route as RouteState | undefined, cacheKeyPolicy: cacheKeyPolicy as CacheKeyPolicy | undefined, bodyUse: bodyUse as RequestBodyUse | undefined };
}

function readResponse(value: unknown): HandlerOutcome['response'] {
  if (!isRecord(value) || typeof value.status !== 'number') return undefined;
  if (value.headers !== undefined && !isHeaderText(value.headers)) return undefined;
  return { status: value.status, headers: value.headers };
}

const BODY_USES: ReadonlySet<RequestBodyUse> = new Set(['none', 'buffered', 'streamed', 'error']);

/** Applies what the handler changed to the host's request (and response) state; what it left out stays. */
export function applyOutcome(outcome: HandlerOutcome, input: HandlerCallInput): void {
  const { state } = input;
  const { headers, variables, route, cacheKeyPolicy, bodyUse } = outcome.request;
  if (headers !== undefined) replaceFromText(state.headers, headers);
  if (variables !== undefined) state.variables = new Map(variables);
  if (route !== undefined) state.route = route;
  if (cacheKeyPolicy !== undefined) state.cacheKeyPolicy = cacheKeyPolicy;
  if (bodyUse !== undefined) state.bodyUse = bodyUse;
  if (input.response !== undefined && outcome.response !== undefined) {
    input.response.status = outcome.response.status;
    if (outcome.response.headers !== undefined) replaceFromText(input.response.headers, outcome.response.headers);
  }
}
