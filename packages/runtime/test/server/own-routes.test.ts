/**
 * The edge server's own routes beside the pipeline (what `weft dev` serves its `/__weft/` surface
 * with): a target they own goes to their node:http listener once the front accepted the request;
 * every other request stays on the pipeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEdgeServer, type EdgeServer } from '../../src/server/edge-server.ts';
import { rawExchange } from '../../../../test/support/raw-http.ts';

describe('edge server: own routes beside the pipeline', () => {
  let server: EdgeServer;
  const reported: unknown[] = [];
  beforeAll(async () => {
    server = await createEdgeServer({
      handler: async (request) => ({ status: 200, headers: [['Content-Type', 'text/plain']], body: `pipeline ${request.url}` }),
      onError: (error) => reported.push(error),
      ownRoutes: {
        owns: (url) => url.startsWith('/own/'),
        listener: (req, res) => {
          if (req.url === '/own/fail') throw new Error('listener broke');
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          res.end(`own ${req.method ?? ''} ${req.url ?? ''}`);
        },
      },
    });
  });
  afterAll(() => server.close());

  it('hands an owned target to the listener and every other one to the pipeline', async () => {
    expect(await (await fetch(`${server.url}/own/a?b=1`)).text()).toBe('own GET /own/a?b=1');
    expect(await (await fetch(`${server.url}/ownx`)).text()).toBe('pipeline /ownx');
    expect(await (await fetch(`${server.url}/`)).text()).toBe('pipeline /');
  });

  it('answers 500 with the reason when the listener throws, and reports it', async () => {
    const reply = await fetch(`${server.url}/own/fail`);
    expect(reply.status).toBe(500);
    expect(await reply.text()).toMatch(/internal error while handling GET \/own\/fail: listener broke/);
    expect(reported).toHaveLength(1);
  });

  it('still refuses a request the front refuses (no Host) before any listener sees it', async () => {
    const { responses } = await rawExchange(server.url, 'GET /own/a HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(responses.map((r) => r.status)).toEqual([400]);
    expect(responses[0]?.text()).toMatch(/no Host header/);
  });
});
