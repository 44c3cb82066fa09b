/**
 * Readable labels for a trace's sub-requests: the host, and the part of the path that tells a row
 * from its neighbours (the path segments every call to that host shares are folded into `…`).
 * Plain functions over strings, bundled into the viewer page and unit-tested in Node.
 */
export interface SubrequestLabel {
  /** `host[:port]`, or '' when the URL does not parse. */
  host: string;
  /** The distinguishing part: path and query, shortened to fit. */
  path: string;
  /** The URL as recorded, for the row's tooltip. */
  full: string;
}

const ELLIPSIS = '…';

function segmentsOf(pathname: string): string[] {
  return pathname.split('/').slice(1);
}

/** How many leading segments every path shares, leaving each at least its last segment. */
function sharedPrefix(paths: readonly string[][]): number {
  const shortest = Math.min(...paths.map((segments) => segments.length));
  let shared = 0;
  while (shared < shortest - 1 && paths.every((segments) => segments[shared] === paths[0]?.[shared])) shared++;
  return shared;
}

/** `text` cut to `max` characters, keeping its end (where paths differ) and its first segment. */
export function fitPath(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = text.slice(text.length - (max - 1));
  const cut = tail.indexOf('/');
  // Prefer cutting at a segment boundary when that keeps at least half the room.
  return ELLIPSIS + (cut > 0 && cut < max / 2 ? tail.slice(cut) : tail);
}

/** One label per URL, in order; calls to the same host are compared with each other. */
export function subrequestLabels(urls: readonly string[], maxPath = 48): SubrequestLabel[] {
  const parsed = urls.map((full) => {
    try {
      const url = new URL(full);
      return { full, host: url.host, pathname: url.pathname, search: url.search };
    } catch {
      return { full, host: '', pathname: full, search: '' };
    }
  });
  const byHost = new Map<string, string[][]>();
  for (const { host, pathname } of parsed) {
    if (host === '') continue;
    const group = byHost.get(host) ?? [];
    if (!group.some((segments) => segments.join('/') === segmentsOf(pathname).join('/'))) group.push(segmentsOf(pathname));
    byHost.set(host, group);
  }
  return parsed.map(({ full, host, pathname, search }) => {
    const group = byHost.get(host) ?? [];
    const shared = group.length > 1 ? sharedPrefix(group) : 0;
    const rest = segmentsOf(pathname).slice(shared).join('/');
    const path = shared > 0 ? `/${ELLIPSIS}/${rest}${search}` : `${pathname}${search}`;
    return { host, path: fitPath(path, maxPath), full };
  });
}
