/**
 * A sub-request to a host another local app serves as a subWorker (platform §20): it carries the
 * tree's facts to that app's pipeline in a reserved request header, and Weft's own headers on the
 * answer (its trace id, why the worker did not run) are read into the record and removed, since
 * the calling worker would not see them at the edge (docs/design.md, principle 1).
 */
import type { HandlerName } from '../../../handlers.ts';
import { SUBWORKER_STATUS_HEADER, type SubrequestRecord, type SubWorkerCaller } from '../../../host/invocation.ts';
import type { RawHeaders } from './header-size.ts';

export { SUBWORKER_REQUEST_HEADER } from '../../../host/invocation.ts';
/** The answering pipeline's trace id (the runtime's WEFT_TRACE_HEADER, pipeline/reserved.ts). */
const TRACE_HEADER = 'x-weft-trace-id';

export interface SubWorkerCall {
  app: string;
  depth: number;
}

/** The call's app and depth when `hostname` is served by another local app; else undefined. */
export function subWorkerCallFor(caller: SubWorkerCaller | undefined, hostname: string): SubWorkerCall | undefined {
  const app = caller?.apps.get(hostname);
  return app === undefined || caller === undefined ? undefined : { app, depth: caller.depth + 1 };
}

/** The header's value; `handler` is the calling handler, which picks the tree at the root. */
export function subWorkerHeaderValue(caller: SubWorkerCaller, call: SubWorkerCall, handler: HandlerName): string {
  const tree = caller.tree ?? (handler === 'responseProvider' ? 'rp' : 'events');
  return `root=${caller.rootId}; parent=${caller.traceId}; depth=${call.depth}; tree=${tree}`;
}

/** With `akamai-x-ew-subworkers` (§22.1): the caller's debug lines go along, a worker's own Pragma tokens kept. */
export function addDebugLines(headers: Record<string, string | string[]>, lines: ReadonlyArray<readonly [string, string]>): void {
  for (const [name, value] of lines) {
    const key = name.toLowerCase();
    const previous = headers[key];
    headers[key] = previous === undefined ? value : key === 'pragma' ? `${Array.isArray(previous) ? previous.join(', ') : previous}, ${value}` : previous;
  }
}

/** The prefix of every EdgeWorkers debug header (§22.2, §22.5), in the lower case undici gives names. */
const DEBUG_PREFIX = 'x-akamai-edgeworker-';

/**
 * Reads Weft's headers off a subWorker's answer into the record, and removes every `x-weft-*` one;
 * when `gather` (the caller asked for `akamai-x-ew-subworkers`), the debug headers go to the
 * record too, for the root's response, instead of to the worker.
 */
export function takeSubWorkerAnswer(headers: RawHeaders, record: SubrequestRecord, call: SubWorkerCall, gather: boolean): void {
  const traceId = headers[TRACE_HEADER];
  const status = headers[SUBWORKER_STATUS_HEADER];
  for (const name of Object.keys(headers)) {
    if (name.startsWith('x-weft-')) delete headers[name];
    else if (gather && name.startsWith(DEBUG_PREFIX)) {
      const value = headers[name];
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) (record.gatheredHeaders ??= []).push([name, one]);
      delete headers[name];
    }
  }
  record.subWorker = { app: call.app, traceId: typeof traceId === 'string' ? traceId : '', depth: call.depth };
  if (typeof status === 'string') {
    record.notes.push(`app "${call.app}" answered without running its worker: ${status} (platform §20, §24)`);
  }
}
