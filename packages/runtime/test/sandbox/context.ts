/** Test helper: a real InvocationContext as the pipeline builds one (MockAgent for sub-requests). */
import { MockAgent } from 'undici';
import { HANDLERS, resolveLimits, type HandlerName, type InvocationContext, type LogEntry, type Tier } from '@weft/platform';

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
