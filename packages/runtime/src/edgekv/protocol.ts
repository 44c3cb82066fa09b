/**
 * The EdgeKV data-plane protocol as Akamai's `edgekv.js` helper speaks it (docs/edgekv.md): the
 * host, the item path, the name rules and the size past which the helper reads a value as a stream.
 * Declared once here so the local EdgeKV service (@weft/cli) and the trace classify calls alike.
 */

/** The helper's default base URI host; `weft dev`/`serve` map it to the local service (decision 23). */
export const EDGEKV_HOST = 'edgekv.akamai-edge-svcs.net';

/** Token headers the helper sends: a token value, or a reference resolved by the service. */
export const EDGEKV_AUTH_HEADER = 'X-Akamai-EdgeDB-Auth';
export const EDGEKV_AUTH_REF_HEADER = 'X-Akamai-EdgeDB-Auth-Ref';

/** The helper reads a 200 body as a stream when Content-Length is missing or at least this. */
export const EDGEKV_STREAM_THRESHOLD = 128_000;

export type EdgeKvNameKind = 'namespace' | 'group' | 'item';

/** The helper's own validation rules (it throws before sending when a name breaks them). */
export const EDGEKV_NAME_RULES: Readonly<Record<EdgeKvNameKind, { pattern: RegExp; max: number }>> = {
  namespace: { pattern: /^[A-Za-z0-9_-]{1,32}$/, max: 32 },
  group: { pattern: /^[A-Za-z0-9_-]{1,128}$/, max: 128 },
  item: { pattern: /^[A-Za-z0-9_-]{1,512}$/, max: 512 },
};

export interface EdgeKvItemRef {
  namespace: string;
  group: string;
  item: string;
}

const ITEM_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/groups\/([^/]+)\/items\/([^/]+)$/;

/** The names in an item path, decoded; undefined when the path is not an EdgeKV item path. */
export function parseEdgeKvPath(pathname: string): EdgeKvItemRef | undefined {
  const match = ITEM_PATH.exec(pathname);
  if (match === null) return undefined;
  try {
    return { namespace: decodeURIComponent(match[1] ?? ''), group: decodeURIComponent(match[2] ?? ''), item: decodeURIComponent(match[3] ?? '') };
  } catch (error) {
    // A malformed %-escape in a path is not an EdgeKV item path; only URIError means that.
    if (error instanceof URIError) return undefined;
    throw error;
  }
}

export function edgeKvItemPath(ref: EdgeKvItemRef): string {
  return `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/groups/${encodeURIComponent(ref.group)}/items/${encodeURIComponent(ref.item)}`;
}
