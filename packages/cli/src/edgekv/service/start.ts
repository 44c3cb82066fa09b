/** Runs the EdgeKV Hono app on a loopback port (as mock origins run), for the runtime's host map. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { EdgeKvError } from '../../errors.ts';
import { edgeKvApp, type EdgeKvAppOptions } from './app.ts';

export interface RunningEdgeKvService {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startEdgeKvService(options: EdgeKvAppOptions): Promise<RunningEdgeKvService> {
  const app = edgeKvApp(options);
  const port = options.config.port;
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(started as Server)) as Server;
    started.once('error', (error: NodeJS.ErrnoException) => {
      reject(new EdgeKvError('WEFT_EDGEKV_LISTEN', error.code === 'EADDRINUSE' ? `the EdgeKV port ${port} is in use; pick another \`edgekv.port\` or leave it out for a free one` : `the local EdgeKV service cannot listen: ${error.message}`, { cause: error }));
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        // Ends requests a simulated timeout is holding, too.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
