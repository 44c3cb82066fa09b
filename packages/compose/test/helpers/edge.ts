/**
 * Runs worker code the way the runtime does: inside `runInvocation` with the platform's real
 * responseProvider request object and an undici Agent that dials the loopback origins.
 */
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import {
  HANDLERS, HeaderList, buildDevice, buildUserLocation, createRequest, createRequestState, objectInvocationFor,
  readCreatedResponse, resolveLimits, runInvocation, type InvocationContext, type LogEntry, type SubrequestRecord, type WorkerReport,
} from '@weft/platform';

export interface EdgeCall {
  path?: string;
  query?: string;
  method?: string;
  host?: string;
  headers?: Record<string, string>;
  location?: Record<string, string>;
  device?: Record<string, string>;
  variables?: Record<string, string>;
}

export interface EdgeSetup {
  /** Hostname → local origin URL (decisions 21). The request's own host falls back to `defaultOrigin`. */
  hosts?: Record<string, string>;
  defaultOrigin?: string;
  /** Collects what compose reports through the log module's hook, as the runtime's trace would (absent: as at the edge, where the hook logs the line). */
  reports?: WorkerReport[];
  /** Turns logging on and collects the log lines. */
  logs?: LogEntry[];
}

const agent = new Agent({ keepAliveTimeout: 10_000 });

export function makeRequest(call: EdgeCall = {}) {
  const limits = resolveLimits(200);
  const state = createRequestState({
    host: call.host ?? 'www.example.com',
    method: call.method ?? 'GET',
    path: call.path ?? '/',
    query: call.query ?? '',
    headers: new HeaderList(call.headers ?? {}),
    variables: new Map(Object.entries(call.variables ?? {})),
    userLocation: buildUserLocation(call.location ?? {}),
    device: buildDevice(call.device ?? {}),
  });
  return createRequest('responseProvider', state, objectInvocationFor(HANDLERS.responseProvider, limits));
}

export function makeInvocation(setup: EdgeSetup, records: SubrequestRecord[] = []): InvocationContext {
  return {
    handler: HANDLERS.responseProvider,
    limits: resolveLimits(200),
    dispatcher: agent,
    hostPolicy: { requestScheme: 'https', requestHost: 'www.example.com', hosts: new Map(Object.entries(setup.hosts ?? {})), defaultOrigin: setup.defaultOrigin },
    now: () => performance.now(),
    subrequests: { started: 0, active: 0, waiting: [] },
    onSubrequest(record) {
      if (!records.includes(record)) records.push(record);
    },
    logging: { enabled: setup.logs !== undefined, minLevel: 'trace' },
    onLog(entry) {
      setup.logs?.push(entry);
    },
    ...(setup.reports === undefined ? {} : { onReport: (report: WorkerReport) => setup.reports?.push(report) }),
  };
}

/** Runs `fn` as a responseProvider invocation would run it. */
export function onEdge<T>(setup: EdgeSetup, fn: () => T, records?: SubrequestRecord[]): T {
  return runInvocation(makeInvocation(setup, records), fn);
}

export interface ReadResponse {
  status: number;
  /** Lower-cased name → value (the last one when repeated). */
  headers: Record<string, string>;
  text: string;
}

/** Reads what a `createResponse()` result holds (status, headers, body text). */
export async function readResponse(created: unknown): Promise<ReadResponse> {
  const response = readCreatedResponse(created);
  if (response === undefined) throw new Error('not a createResponse() result');
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) headers[name.toLowerCase()] = value;
  return { status: response.status, headers, text: await bodyText(response.body) };
}

async function bodyText(body: unknown): Promise<string> {
  if (typeof body === 'string') return body;
  if (body === undefined || body === null) return '';
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let out = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out += decoder.decode(value, { stream: true });
  }
  return out + decoder.decode();
}
