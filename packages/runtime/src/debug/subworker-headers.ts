/**
 * `Pragma: akamai-x-ew-subworkers` (spec §22.1, §22.5): the debug headers of a subWorker tree come
 * back on the root's response, each with a suffix naming its request: `-<reqId>` for the root's
 * own, `-<childReqId>.<parentReqId>` for a subWorker's (here, request ids are trace ids). A
 * subWorker suffixes its own headers and passes on what it gathered; the caller's platform took
 * them off the answer (modules/http-request/host/sub-worker.ts), so its worker never saw them.
 * Only the calls that answered before this response's head left are gathered.
 */
import type { HeaderList } from '@weft/platform';
import type { Exchange } from '../pipeline/exchange.ts';

const DEBUG_PREFIX = 'x-akamai-edgeworker-';

export function gatherSubWorkerHeaders(ex: Exchange, headers: HeaderList): void {
  const id = ex.trace.trace.id;
  const suffix = ex.subWorker === undefined ? `-${id}` : `-${id}.${ex.subWorker.parentId}`;
  const own = headers.lines().filter(([name]) => name.toLowerCase().startsWith(DEBUG_PREFIX));
  for (const [name] of own) headers.remove(name);
  for (const [name, value] of own) headers.add(`${name}${suffix}`, value);
  for (const { record } of ex.subrequests) for (const [name, value] of record.gatheredHeaders ?? []) headers.add(name, value);
}
