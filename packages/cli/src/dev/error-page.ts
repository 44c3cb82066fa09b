/**
 * What a request gets while the worker does not build: the build error as an HTML page (or plain
 * text for non-browser clients). The page polls the dev server and reloads once the build is fixed.
 */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export interface ErrorReply {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/** `/__weft/build` for an app that does not build or load: what the error page polls and the viewer's banner reads. */
export function failedBuildStatus(app: string, builtAt: number, error: string, watching: boolean): Record<string, unknown> {
  return { app, state: 'failed', builtAt, error, watching };
}

export function buildErrorReply(app: string, message: string, builtAt: number, accept: string | undefined): ErrorReply {
  if (accept?.includes('text/html') !== true) {
    const body = `weft dev: ${app} does not build; fix the error and the next request is served:\n\n${message}\n`;
    return { status: 500, headers: [['Content-Type', 'text/plain; charset=utf-8'], ['Cache-Control', 'no-store']], body };
  }
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build error · ${escapeHtml(app)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:40px;color:#1d1d1f}h1{font-size:18px;color:#c53030}
pre{background:#fff5f5;border-left:3px solid #c53030;padding:12px 16px;overflow:auto;font:13px/1.45 ui-monospace,Menlo,monospace}
p{color:#6b6b70}</style></head>
<body><h1>${escapeHtml(app)} does not build</h1><pre id="build-error">${escapeHtml(message)}</pre>
<p>Save a fix: this page reloads by itself once the worker builds again.</p>
<script>/* a failed poll is the dev server restarting: the next one tries again */ setInterval(() => fetch('/__weft/build', { cache: 'no-store' }).then((r) => r.json()).then((s) => { if (s.builtAt !== ${builtAt}) location.reload(); }).catch(() => {}), 500);</script>
</body></html>
`;
  return { status: 500, headers: [['Content-Type', 'text/html; charset=utf-8'], ['Cache-Control', 'no-store']], body };
}
