/**
 * One client request through the pipeline: simulation headers are read and removed, the request
 * state is built, the stages run, debug and Weft headers are added, and the body is watched so the
 * trace completes when the last byte has gone. Thread-agnostic: bodies in and out are `Body`.
 */
import { randomBytes } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import {
  HeaderList, encodeHeaderText, buildDevice, buildUserLocation, createRequestState, emptyDevice, emptyUserLocation, type Device, type UserLocation,
} from '@weft/platform';
import { readDebugRequest } from '../debug/pragma.ts';
import { applyDebugOutput, applyWeftHeaders } from '../debug/apply.ts';
import type { SimulatedContext } from '../simulation/headers.ts';
import { simulate, takeSimulationHeaders } from '../simulation/headers.ts';
import { SimulationHeaderError } from '../simulation/simulation-error.ts';
import { recordHeaders } from '../trace/headers.ts';
import { TraceRecorder } from '../trace/recorder.ts';
import { RequestProfiler } from '../profile/request-profiler.ts';
import { reportInternalError } from '../report/internal-error.ts';
import type { Trace } from '../trace/schema.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { bodyLength, tapBody, watchEnd, type Body } from './body.ts';
import { runStages } from './dispatcher.ts';
import type { Exchange, PipelineResponse, PipelineServices } from './exchange.ts';
import { stripHopByHop } from '../origin/hop-by-hop.ts';
import { weftErrorResponse } from './failure.ts';
import { handlersRunFor } from './methods.ts';
import { refusalText, takeSubWorkerHeader } from './sub-worker.ts';

export type HeaderPairs = Array<[string, string]>;

export interface PipelineRequest {
  id: number;
  method: string;
  /** Path and query as received. */
  url: string;
  headers: HeaderPairs;
  scheme: 'http' | 'https';
  remoteAddress: string;
  body: Body;
}

export interface PipelineResult {
  status: number;
  headers: HeaderPairs;
  body: Body;
  /** Resolves when the response body has finished (or failed) streaming; undefined for a rejected request. */
  trace: Promise<Trace | undefined>;
  /** A profiled request's `.cpuprofile` text, settled before `trace`; undefined when none is kept. */
  profile?: Promise<string | undefined> | undefined;
}

// Trace ids: a random prefix per thread plus a counter; unique across the edge threads of a server.
const ID_PREFIX = `${randomBytes(4).toString('hex')}${threadId.toString(36)}`;
let traceCounter = 0;

function nextTraceId(): string {
  traceCounter += 1;
  return `${ID_PREFIX}-${traceCounter.toString(36)}`;
}

function pairs(values: Record<string, unknown>): Array<[string, string]> {
  return Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]);
}

function locationOf(sim: SimulatedContext, nullWhenMissing: boolean): UserLocation | null {
  if (sim.location !== undefined) return buildUserLocation(pairs(sim.location), 'x-weft-location');
  return nullWhenMissing ? null : emptyUserLocation();
}

function deviceOf(sim: SimulatedContext, nullWhenMissing: boolean): Device | null {
  if (sim.device !== undefined) return buildDevice(pairs(sim.device), 'x-weft-device');
  return nullWhenMissing ? null : emptyDevice();
}

function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return { path: path === '' ? '/' : path, query: q === -1 ? '' : url.slice(q + 1) };
}

function badRequest(message: string): PipelineResult {
  const response = weftErrorResponse(400, message);
  const body = String(response.body);
  return { status: 400, headers: [...response.headers.lines(), ['Content-Length', String(Buffer.byteLength(body))]], body, trace: Promise.resolve(undefined) };
}

/** The value of the first line named `lowerName` (any case), as a header list's first() reads it. */
function firstValue(lines: HeaderPairs, lowerName: string): string | undefined {
  for (const line of lines) if (line[0].length === lowerName.length && line[0].toLowerCase() === lowerName) return line[1];
  return undefined;
}

function exchangeFor(services: PipelineServices, sandbox: Sandbox, request: PipelineRequest): Exchange {
  const headers = [...request.headers];
  const sim = simulate(services.options, takeSimulationHeaders(headers), request.remoteAddress);
  const subWorker = takeSubWorkerHeader(headers);
  // As header text: the first handler call sends this text as it is, and the copy kept as the
  // original headers (read only by the cache key) stays a copy of the text until read.
  const list = HeaderList.fromText(encodeHeaderText(headers.flat()));
  const { path, query } = splitUrl(request.url);
  const nullWhenMissing = services.options.missingEntitlement === 'null';
  const state = createRequestState({
    method: request.method,
    scheme: services.options.scheme === 'https' ? 'https' : request.scheme,
    host: firstValue(headers, 'host') ?? 'localhost',
    path,
    query,
    cpCode: services.options.cpCode,
    clientIp: sim.clientIp,
    headers: list,
    variables: new Map(Object.entries(sim.variables)),
    userLocation: locationOf(sim, nullWhenMissing),
    device: deviceOf(sim, nullWhenMissing),
    botSegment: sim.bot?.segment,
  });
  const id = nextTraceId();
  const trace = new TraceRecorder(id, { method: state.method, scheme: state.scheme, host: state.host, url: request.url, clientIp: sim.clientIp, headers: recordHeaders(request.headers) }, services.now);
  trace.trace.simulation = {
    variables: { ...sim.variables },
    ...(sim.location === undefined ? {} : { location: { ...sim.location } }),
    ...(sim.device === undefined ? {} : { device: { ...sim.device } }),
    ...(sim.bot === undefined ? {} : { bot: { ...sim.bot } }),
    ...(sim.now === undefined ? {} : { now: new Date(sim.now).toISOString() }),
  };
  if (subWorker !== undefined) {
    trace.trace.parentId = subWorker.parentId;
    if (subWorker.refused !== undefined) trace.warn('subworker-refused', refusalText(subWorker));
  }
  return {
    services,
    sandbox,
    requestId: request.id,
    trace,
    profiler: sim.profile ? new RequestProfiler(trace) : undefined,
    debug: readDebugRequest((name) => list.get(name), services.options.debugToken),
    simulation: sim,
    request: state,
    originRequest: undefined,
    clientBody: request.body,
    handlersEnabled: subWorker?.refused === undefined && handlersRunFor(request.method, state.variables),
    response: undefined,
    final: false,
    skipResponseProvider: false,
    cacheKey: undefined,
    cacheLookup: 'bypass',
    reports: new Map(),
    logs: new Map(),
    subrequests: [],
    hostPolicy: undefined,
    subWorker,
  };
}

/** §3.4/§9: hop-by-hop fields a worker set would break the framing of the response; drop them, say so. */
function dropHopByHop(ex: Exchange, response: PipelineResponse): void {
  const lines = response.headers.lines();
  const kept = stripHopByHop(lines);
  if (kept.length === lines.length) return;
  const dropped = [...new Set(lines.filter((line) => !kept.includes(line)).map(([name]) => name))];
  ex.trace.warn('hop-by-hop', `dropped hop-by-hop header(s) ${dropped.join(', ')} set by the worker; the platform says they should not be set (spec §3.4)`);
  response.headers = new HeaderList(kept);
}

function finish(ex: Exchange): PipelineResult {
  const response = ex.response ?? weftErrorResponse(500, 'the pipeline produced no response');
  ex.response = response;
  if (response.source === 'respondWith' || response.source === 'responseProvider') dropHopByHop(ex, response);
  applyDebugOutput(ex);
  applyWeftHeaders(ex);
  const length = bodyLength(response.body);
  if (length !== undefined && ex.request.method !== 'HEAD') response.headers.set('Content-Length', String(length));
  const lines = response.headers.lines();
  ex.trace.respond(response.status, response.source, lines);
  let settleTrace: (trace: Trace) => void = () => undefined;
  const trace = new Promise<Trace>((resolve) => (settleTrace = resolve));
  const { profiler } = ex;
  let settleProfile: (text: string | undefined) => void = () => undefined;
  const profile = profiler === undefined ? undefined : new Promise<string | undefined>((resolve) => (settleProfile = resolve));
  // A profiled request's trace waits for its profile to be read into it.
  const settle = profiler === undefined ? settleTrace : (finished: Trace): void => {
    void profiler.finish().then(({ summary, text }) => {
      finished.profile = summary;
      settleProfile(text);
      settleTrace(finished);
    });
  };
  const complete = (bytes: number, truncated: boolean, cause?: unknown): void => {
    try {
      settle(ex.trace.finish(bytes, truncated, cause));
    } catch (error) {
      // Runs inside the body's stream callbacks: a throw there would cut the client's answer short
      // (or, from an 'end' listener, take the process down). The trace keeps what it recorded.
      reportInternalError(`finishing the trace of ${ex.request.method} ${ex.trace.trace.request.url}`, error, { trace: ex.trace });
      settle(ex.trace.trace);
    }
  };
  const declared = Number(response.headers.first('content-length') ?? Number.NaN);
  const byte = (): void => ex.trace.bodyByte();
  const body = Number.isInteger(declared)
    ? watchEnd(response.body, declared, complete, byte)
    : tapBody(response.body, {
        onChunk: byte,
        onEnd: (bytes) => complete(bytes, false),
        onError: (error, bytes) => complete(bytes, true, error),
      });
  return { status: response.status, headers: lines, body, trace, ...(profile === undefined ? {} : { profile }) };
}

export async function handleRequest(services: PipelineServices, sandbox: Sandbox, request: PipelineRequest): Promise<PipelineResult> {
  return runRequest(services, sandbox, request);
}

/**
 * handleRequest, without a promise where none is needed: the result itself when every stage
 * finished synchronously, else its promise. A failure of Weft's own may also be thrown.
 */
export function runRequest(services: PipelineServices, sandbox: Sandbox, request: PipelineRequest): PipelineResult | Promise<PipelineResult> {
  let ex: Exchange;
  try {
    ex = exchangeFor(services, sandbox, request);
  } catch (error) {
    if (error instanceof SimulationHeaderError || (error instanceof Error && error.name === 'SimulationValueError')) return badRequest(error.message);
    throw error;
  }
  return runStages(ex, finish);
}
