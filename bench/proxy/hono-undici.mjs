// Anchor (2): a bare Hono (@hono/node-server) + undici reverse proxy with web Request/Response.
import { createRequire } from 'node:module';
import { Agent } from 'undici';

// hono is a dependency of the CLI package; resolve it from there.
const require = createRequire(new URL('../../packages/cli/package.json', import.meta.url));
const { Hono } = await import(require.resolve('hono'));
const { serve } = await import(require.resolve('@hono/node-server'));

const origin = process.argv[2];
const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

const app = new Hono();
app.all('*', async (c) => {
  const url = new URL(c.req.url);
  const headers = {};
  c.req.raw.headers.forEach((v, k) => { if (!HOP.has(k)) headers[k] = v; });
  const upstream = await agent.request({ origin, path: url.pathname + url.search, method: c.req.method, headers, body: c.req.method === 'GET' || c.req.method === 'HEAD' ? null : c.req.raw.body });
  const out = new Headers();
  for (const [k, v] of Object.entries(upstream.headers)) if (!HOP.has(k)) out.set(k, Array.isArray(v) ? v.join(', ') : v);
  return new Response(upstream.body, { status: upstream.statusCode, headers: out });
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening ${info.port}`));
server.keepAliveTimeout = 30_000;
