/**
 * Builds the host side of a handler invocation for module tests: records what modules report
 * (sub-requests, log entries) so tests can assert on it.
 */
import { performance } from 'node:perf_hooks';
import type { ReadableStream } from 'node:stream/web';
import { Agent, type Dispatcher } from 'undici';
import { HANDLERS, type HandlerName } from '../../src/handlers.ts';
import type { HostPolicy, InvocationContext, LogEntry, LogLevel, SubrequestRecord } from '../../src/host/invocation.ts';
import { resolveLimits, type Limits } from '../../src/limits.ts';

export interface TestContext extends InvocationContext {
  records: SubrequestRecord[];
  /** Every onSubrequest call, as snapshots. */
  reports: SubrequestRecord[];
  logs: LogEntry[];
}

export interface ContextOptions {
  handler?: HandlerName;
  limits?: Limits;
  dispatcher?: Dispatcher;
  hosts?: Record<string, string>;
  requestHost?: string;
  requestScheme?: 'http' | 'https';
  defaultOrigin?: string;
  logging?: { enabled: boolean; minLevel: LogLevel };
}

export function makeContext(options: ContextOptions = {}): TestContext {
  const hostPolicy: HostPolicy = {
    requestScheme: options.requestScheme ?? 'https',
    requestHost: options.requestHost ?? 'www.example.com',
    hosts: new Map(Object.entries(options.hosts ?? {})),
    defaultOrigin: options.defaultOrigin,
  };
  const records: SubrequestRecord[] = [];
  const reports: SubrequestRecord[] = [];
  const logs: LogEntry[] = [];
  return {
    handler: HANDLERS[options.handler ?? 'responseProvider'],
    limits: options.limits ?? resolveLimits(),
    dispatcher: options.dispatcher ?? new Agent(),
    hostPolicy,
    now: () => performance.now(),
    subrequests: { started: 0, active: 0, waiting: [] },
    onSubrequest(record) {
      if (!records.includes(record)) records.push(record);
      reports.push({ ...record, notes: [...record.notes] });
    },
    logging: options.logging ?? { enabled: true, minLevel: 'trace' },
    onLog(entry) {
      logs.push(entry);
    },
    records,
    reports,
    logs,
  };
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
