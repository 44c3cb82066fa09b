/**
 * Runs a responseProvider in this process as the runtime does (inside `runInvocation`, with the
 * platform's real request object and http-request module), so the measurement isolates the worker
 * code and the platform modules from the runtime's server, sandbox and pipeline.
 */
import { performance } from 'node:perf_hooks';
import { createOutboundAgent } from '@weft/runtime';
import {
  HANDLERS, HeaderList, buildDevice, buildUserLocation, createRequest, createRequestState, objectInvocationFor,
  readCreatedResponse, resolveLimits, runInvocation, type InvocationContext,
} from '@weft/platform';

const limits = resolveLimits(200);
// The runtime's own outbound agent, so connection pooling is what `weft serve` does.
const agent = createOutboundAgent();

export type Provider = (request: ReturnType<typeof makeRequest>) => Promise<object>;

export function makeRequest(init: { path?: string; headers?: Record<string, string>; location?: Record<string, string>; device?: Record<string, string> } = {}) {
  const state = createRequestState({
    host: 'www.example.com',
    path: init.path ?? '/',
    headers: new HeaderList(init.headers ?? {}),
    userLocation: buildUserLocation(init.location ?? {}),
    device: buildDevice(init.device ?? {}),
  });
  return createRequest('responseProvider', state, objectInvocationFor(HANDLERS.responseProvider, limits));
}

function invocation(hosts: ReadonlyMap<string, string>): InvocationContext {
  return {
    handler: HANDLERS.responseProvider,
    limits,
    dispatcher: agent,
    hostPolicy: { requestScheme: 'https', requestHost: 'www.example.com', hosts, defaultOrigin: undefined },
    now: () => performance.now(),
    subrequests: { started: 0, active: 0, waiting: [] },
    onSubrequest() {},
    logging: { enabled: false, minLevel: 'info' },
    onLog() {},
  };
}

/** Calls the provider once and reads the whole answer; returns the status. */
export async function callOnce(provider: Provider, hosts: ReadonlyMap<string, string>, request = makeRequest()): Promise<number> {
  const created = await runInvocation(invocation(hosts), () => provider(request));
  const response = readCreatedResponse(created);
  if (response === undefined) throw new Error('the provider did not resolve to a createResponse() result');
  if (typeof response.body !== 'string') for await (const _chunk of response.body) void _chunk;
  return response.status;
}
