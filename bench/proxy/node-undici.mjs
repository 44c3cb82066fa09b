// Anchor (1): the fastest plain Node reverse proxy: node:http + an undici pool, bodies streamed.
import { createServer } from 'node:http';
import { pipeline } from 'node:stream';
import { Agent } from 'undici';

const origin = process.argv[2];
const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

const server = createServer(async (req, res) => {
  try {
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k)) headers[k] = v;
    const upstream = await agent.request({ origin, path: req.url, method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? null : req });
    const out = {};
    for (const [k, v] of Object.entries(upstream.headers)) if (!HOP.has(k)) out[k] = v;
    res.writeHead(upstream.statusCode, out);
    pipeline(upstream.body, res, () => {});
  } catch (error) {
    res.writeHead(502);
    res.end(String(error));
  }
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
