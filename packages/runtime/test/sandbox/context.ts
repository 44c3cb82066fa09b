/** Test helper: a real InvocationContext as the pipeline builds one (MockAgent for sub-requests). */
import { MockAgent } from 'undici';
import { HANDLERS, createRequestState, objectInvocationFor, resolveLimits, type HandlerName, type InvocationContext, type LogEntry, type RequestStateInit, type Tier } from '@weft/platform';
import type { HandlerCallInput } from '../../src/sandbox/handler-wire.ts';

let shared: MockAgent | undefined;

function agent(): MockAgent {
  if (shared === undefined) {
    shared = new MockAgent();
    shared.disableNetConnect();
  }
  return shared;
}

export function invocationContext(handler: HandlerName = 'onClientRequest', tier: Tier = 200): InvocationContext & { logs: LogEntry[] } {
  const logs: LogEntry[] = [];
  return {
    logs,
    handler: HANDLERS[handler],
    limits: resolveLimits(tier),
    dispatcher: agent(),
    hostPolicy: { requestScheme: 'http', requestHost: 'www.example.com', hosts: new Map(), defaultOrigin: undefined },
    now: () => performance.now(),
    subrequests: { started: 0, active: 0, waiting: [] },
    onSubrequest() {},
    logging: { enabled: true, minLevel: 'trace' },
    onLog(entry) {
      logs.push(entry);
    },
  };
}

/** Test helper: what the pipeline hands a handler call, over a fresh request for www.example.com. */
export function callInput(handler: HandlerName = 'onClientRequest', init: Partial<RequestStateInit> = {}): HandlerCallInput {
  return {
    state: createRequestState({ host: 'www.example.com', ...init }),
    invocation: objectInvocationFor(HANDLERS[handler], resolveLimits(200)),
    bodySource: 0,
  };
}
