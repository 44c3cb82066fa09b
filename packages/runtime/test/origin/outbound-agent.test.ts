import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { createOutboundAgent } from '../../src/origin/outbound-agent.ts';

describe('outbound agent', () => {
  const agent = createOutboundAgent();
  afterAll(() => agent.close());

  // At the edge, one visitor's sub-requests never wait for sockets held by other visitors' requests:
  // 100 visitors × 5 parallel sub-requests to one origin are all in flight at once.
  it('keeps 500 requests to one origin in flight at once instead of queueing them for sockets', async () => {
    const inFlight = 500;
    const held: ServerResponse[] = [];
    const server = createServer((_req, res) => {
      held.push(res);
      // The origin answers only once every request has reached it: a capped pool would never get there.
      if (held.length === inFlight) for (const r of held) r.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const all = Promise.all(Array.from({ length: inFlight }, async () => (await request(url, { dispatcher: agent })).body.text()));
      const stalled = new Promise<string>((resolve) => setTimeout(() => resolve(`only ${held.length} of ${inFlight} requests reached the origin`), 4_000).unref());
      const outcome = await Promise.race([all, stalled]);
      expect(outcome).toHaveLength(inFlight);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
