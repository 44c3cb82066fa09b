/** Where the trace viewer page is served (`weft dev` and `weft serve`); no imports, so a server can ask before it loads the viewer. */
export const PAGE_PATHS: readonly string[] = ['/__weft', '/__weft/'];

/** Whether a request target (path and query) is the viewer page. */
export function ownsViewerPage(url: string): boolean {
  const query = url.indexOf('?');
  return PAGE_PATHS.includes(query === -1 ? url : url.slice(0, query));
}
