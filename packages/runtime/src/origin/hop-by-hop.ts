/**
 * Hop-by-hop header handling for a proxy (RFC 9110 §7.6.1): these fields, and every field named in
 * a Connection header, describe one connection and are never forwarded, in either direction.
 */
export const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization',
  'te', 'trailer', 'trailers', 'transfer-encoding', 'upgrade',
]);

/** Returns the header lines without hop-by-hop fields (including the ones Connection lists). */
export function stripHopByHop(headers: Array<[string, string]>): Array<[string, string]> {
  let listed: Set<string> | undefined;
  for (const [name, value] of headers) {
    if (name.length === 10 && name.toLowerCase() === 'connection') {
      listed ??= new Set();
      for (const token of value.split(',')) {
        const t = token.trim().toLowerCase();
        if (t !== '') listed.add(t);
      }
    }
  }
  const out: Array<[string, string]> = [];
  for (const pair of headers) {
    const lower = pair[0].toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed?.has(lower) === true) continue;
    out.push(pair);
  }
  return out;
}
