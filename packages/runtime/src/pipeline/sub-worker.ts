/**
 * A request that another app's sub-request sent as a subWorker call (platform §20). The caller's
 * platform names the tree in the reserved `x-weft-subworker` header (root, parent, depth, which of
 * the root's trees: its responseProvider's or its other handlers', counted apart), and the
 * dev server that admitted it may add the status it was refused with: `SubworkerNotEnabled` (22)
 * when the app's bundle does not opt in, `subWorker limit hit` (23) past the depth or the count of
 * the tree. A refused call is served without the worker (its cache and origin only). The header
 * is removed before any handler or origin sees the request.
 */
import { describeValue, SUBWORKER_REQUEST_HEADER, type SubWorkerTree } from '@weft/platform';
import { SimulationHeaderError } from '../simulation/simulation-error.ts';
import { parseKeyValueList } from '../simulation/key-value.ts';

/** Platform §20: a subWorker tree is at most this deep. */
export const SUBWORKER_MAX_DEPTH = 2;
/** Platform §20: at most this many subWorker executions per root request. */
export const SUBWORKER_MAX_EXECUTIONS = 5;

export const SUBWORKER_STATUSES = ['SubworkerNotEnabled', 'subWorker limit hit'] as const;
export type SubWorkerStatus = (typeof SUBWORKER_STATUSES)[number];

export interface SubWorkerVerdict {
  rootId: string;
  parentId: string;
  depth: number;
  /** The root's tree it belongs to (the responseProvider tree is counted on its own); undefined from an older caller. */
  tree: SubWorkerTree | undefined;
  /** Why the worker does not run for it (platform §24); undefined when it runs. */
  refused: SubWorkerStatus | undefined;
}

export function parseSubWorkerHeader(text: string): SubWorkerVerdict {
  const header = SUBWORKER_REQUEST_HEADER;
  const fields = new Map(parseKeyValueList(header, text));
  const rootId = fields.get('root');
  const parentId = fields.get('parent');
  const depth = Number(fields.get('depth'));
  if (rootId === undefined || parentId === undefined || !Number.isInteger(depth) || depth < 1) {
    throw new SimulationHeaderError(header, `expected "root=<trace id>; parent=<trace id>; depth=<1 or more>" (Weft's platform sends it on a subWorker call), got ${describeValue(text)}`);
  }
  const status = fields.get('status');
  const given = status === undefined ? undefined : SUBWORKER_STATUSES.find((name) => name === status);
  if (status !== undefined && given === undefined) {
    throw new SimulationHeaderError(header, `status must be one of ${SUBWORKER_STATUSES.map((name) => JSON.stringify(name)).join(', ')}, got ${describeValue(status)}`);
  }
  const treeText = fields.get('tree');
  const tree = treeText === 'rp' || treeText === 'events' ? treeText : undefined;
  if (treeText !== undefined && tree === undefined) throw new SimulationHeaderError(header, `tree must be "rp" or "events", got ${describeValue(treeText)}`);
  const refused = given ?? (depth > SUBWORKER_MAX_DEPTH ? 'subWorker limit hit' : undefined);
  return { rootId, parentId, depth, tree, refused };
}

/** Removes the header from `headers` and reads it; undefined for a request that is not a subWorker call. */
export function takeSubWorkerHeader(headers: Array<[string, string]>): SubWorkerVerdict | undefined {
  let found: string | undefined;
  for (let i = 0; i < headers.length; i++) {
    const name = (headers[i] as [string, string])[0];
    // A length check first: most requests carry no header of this length.
    if (name.length !== SUBWORKER_REQUEST_HEADER.length || name.toLowerCase() !== SUBWORKER_REQUEST_HEADER) continue;
    found = (headers[i] as [string, string])[1];
    headers.splice(i, 1);
    i--;
  }
  return found === undefined ? undefined : parseSubWorkerHeader(found);
}

/** Why a refused call ran no handler, for the trace. */
export function refusalText(verdict: SubWorkerVerdict): string {
  const why = verdict.refused === 'SubworkerNotEnabled'
    ? 'its bundle.json does not set config.subrequest["invoke-for-edgeworker-clients"]: true'
    : `the subWorker tree allows depth ${SUBWORKER_MAX_DEPTH} and ${SUBWORKER_MAX_EXECUTIONS} executions per root request (this call: depth ${verdict.depth})`;
  return `a subWorker call (parent trace ${verdict.parentId}) was served without running the worker, status ${verdict.refused ?? ''} (platform §20, §24): ${why}`;
}
