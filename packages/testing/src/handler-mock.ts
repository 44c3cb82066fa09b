/** A mock origin given as a node:http handler function in a test, on a loopback port. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NodeHandler, RunningMock } from '@weft/cli';

export async function handlerMock(name: string, handler: NodeHandler): Promise<RunningMock> {
  const server = createServer((request, response) => {
    Promise.resolve(handler(request, response)).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`mock "${name}" failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
