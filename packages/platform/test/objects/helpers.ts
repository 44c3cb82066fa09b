import { createRequest, createRequestState, HeaderList, type HandlerName, type InvocationState, type ObjectInvocation, type RequestByHandler, type RequestState, type RequestStateInit, type RespondWithRecord } from '../../src/index.ts';

export interface Harness<H extends HandlerName> {
  request: RequestByHandler[H];
  state: RequestState;
  run: InvocationState;
  responses: RespondWithRecord[];
  warnings: string[];
}

/** A request object over a fresh state, with the callbacks recorded. */
export function harness<H extends HandlerName>(handler: H, init: Partial<RequestStateInit> & { headerPairs?: Array<[string, string]> } = {}, limits: Partial<ObjectInvocation> = {}): Harness<H> {
  const { headerPairs, ...rest } = init;
  const state = createRequestState({ host: 'www.example.com', path: '/search', query: 'q=something', ...rest, headers: rest.headers ?? new HeaderList(headerPairs ?? []) });
  const responses: RespondWithRecord[] = [];
  const warnings: string[] = [];
  const run: InvocationState = { variableCharsUsed: 0, respondWith: undefined };
  const request = createRequest(handler, state, {
    variableBudget: 1024,
    respondWithBodyChars: 16_384,
    onRespondWith: (record) => responses.push(record),
    onWarning: (message) => warnings.push(message),
    state: run,
    ...limits,
  });
  return { request, state, run, responses, warnings };
}
