/**
 * The viewer page at `/__weft` and `/__weft/`, for `weft dev` (beside its other `/__weft/` routes)
 * and `weft serve` (beside the runtime's trace routes, which the page reads). The page needs only
 * `/__weft/traces` and `/__weft/trace/:id`; the dev server's `/__weft/build` and `/__weft/events`
 * are extras it does without.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { PAGE_PATHS } from './page-paths.ts';
import { viewerHtml } from './page.ts';

export { ownsViewerPage } from './page-paths.ts';

/** Adds the page's GET (and HEAD) routes to `app`. */
export function withViewerPage(app: Hono): Hono {
  const page = async (): Promise<Response> => new Response(await viewerHtml(), { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
  for (const path of PAGE_PATHS) app.get(path, page);
  return app;
}

/** The page alone, as a node:http listener for the edge server's own routes (`weft serve`). */
export function viewerListener(report: (error: unknown) => void): (req: IncomingMessage, res: ServerResponse) => unknown {
  const app = withViewerPage(new Hono());
  app.notFound((c) => c.json({ error: `${c.req.method} is not allowed on ${new URL(c.req.url).pathname}; use GET` }, 405));
  app.onError((error, c) => {
    report(error);
    return c.text(`weft: internal error while serving the trace viewer: ${error.message}\n`, 500);
  });
  return getRequestListener(app.fetch, { overrideGlobalObjects: false });
}
