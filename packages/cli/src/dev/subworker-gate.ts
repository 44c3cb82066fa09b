/**
 * The dev server's half of subWorkers (platform §20): a subWorker call (the reserved
 * `x-weft-subworker` header, set by the caller's platform) runs this app's worker only when its
 * bundle opts in (else status 22 `SubworkerNotEnabled`), within depth 2 and 5 executions per root
 * request (else 23 `subWorker limit hit`), the responseProvider tree counted apart from the other
 * handlers' (platform §20). Every app of a `weft dev` runs in this process, so one count per root
 * request and tree serves the whole tree. A refused call goes on to the pipeline with the
 * status added to the header, and the pipeline serves it without the worker (decision 36).
 */
import { parseSubWorkerHeader, SUBWORKER_MAX_DEPTH, SUBWORKER_MAX_EXECUTIONS, WEFT_SUBWORKER_HEADER, type SubWorkerStatus } from '@weft/runtime';

type HeaderPairs = Array<[string, string]>;

/** Executions so far per root trace id and tree; the oldest roots go first past this many. */
const MAX_ROOTS = 10_000;
const executions = new Map<string, number>();

function count(rootId: string): number {
  return executions.get(rootId) ?? 0;
}

function note(rootId: string): void {
  executions.set(rootId, count(rootId) + 1);
  if (executions.size > MAX_ROOTS) executions.delete(executions.keys().next().value ?? '');
}

/** The status a call is refused with, or undefined when the worker runs (and is counted). */
function verdict(rootId: string, depth: number, acceptsSubWorkers: boolean): SubWorkerStatus | undefined {
  if (!acceptsSubWorkers) return 'SubworkerNotEnabled';
  if (depth > SUBWORKER_MAX_DEPTH || count(rootId) >= SUBWORKER_MAX_EXECUTIONS) return 'subWorker limit hit';
  note(rootId);
  return undefined;
}

/**
 * `headers` with a subWorker call's verdict added to its header; the same array when the request
 * is no subWorker call. A malformed header is left for the pipeline, which answers 400 naming it.
 */
export function admitSubWorkerCall(headers: HeaderPairs, acceptsSubWorkers: boolean): HeaderPairs {
  const index = headers.findIndex(([name]) => name.length === WEFT_SUBWORKER_HEADER.length && name.toLowerCase() === WEFT_SUBWORKER_HEADER);
  const value = headers[index]?.[1];
  if (value === undefined) return headers;
  let call;
  try {
    call = parseSubWorkerHeader(value);
  } catch {
    // The pipeline reads the header again and answers 400 with the same message.
    return headers;
  }
  if (call.refused !== undefined) return headers;
  const status = verdict(`${call.rootId} ${call.tree ?? 'rp'}`, call.depth, acceptsSubWorkers);
  if (status === undefined) return headers;
  const copy = [...headers];
  copy[index] = [WEFT_SUBWORKER_HEADER, `${value}; status=${status}`];
  return copy;
}
