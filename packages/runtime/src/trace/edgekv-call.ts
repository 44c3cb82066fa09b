/**
 * Recognises a sub-request as an EdgeKV call from its URL path, method and status, so the trace
 * names the namespace, group and item and says hit or miss. The path alone decides (not the host),
 * so a helper built with its own `edgekv_uri` mapped to the local service is recognised too.
 */
import { parseEdgeKvPath } from '../edgekv/protocol.ts';
import type { EdgeKvCall } from './schema.ts';

const OPERATIONS: Readonly<Record<string, EdgeKvCall['operation']>> = { GET: 'read', HEAD: 'read', PUT: 'write', POST: 'write', DELETE: 'delete' };

function resultOf(operation: EdgeKvCall['operation'], status: number | undefined, failed: boolean): EdgeKvCall['result'] {
  if (status === undefined) return failed ? 'error' : 'pending';
  if (status === 200) return operation === 'read' ? 'hit' : 'ok';
  if (status === 404 && operation === 'read') return 'miss';
  return 'error';
}

export function edgeKvCallOf(method: string, url: string, status: number | undefined, failed: boolean): EdgeKvCall | undefined {
  // Every sub-request passes here; most are not EdgeKV, so skip the URL parse for them.
  if (!url.includes('/api/v1/namespaces/')) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // new URL throws only for an unparsable URL, which is no EdgeKV call (the sub-request says why).
    return undefined;
  }
  const ref = parseEdgeKvPath(parsed.pathname);
  const operation = OPERATIONS[method.toUpperCase()];
  if (ref === undefined || operation === undefined) return undefined;
  const sandboxId = parsed.searchParams.get('sandboxId');
  return { ...ref, operation, result: resultOf(operation, status, failed), ...(sandboxId === null ? {} : { sandboxId }) };
}
