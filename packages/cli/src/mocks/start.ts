/**
 * Starts an app's mock origins as real loopback HTTP servers, so `pnpm dev` and tests work offline.
 * A mock is either `routes` (canned responses) or `module`: a file whose default export is a
 * node:http request handler, a fetch handler or a Hono app (module-handler.ts; loaded through tsx,
 * so it may be TypeScript).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { MockOriginConfig } from '../config/schema.ts';
import { MockOriginError } from '../errors.ts';
import { routesHandler } from './routes.ts';

export interface RunningMock {
  name: string;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startMock(name: string, config: MockOriginConfig, baseDir: string): Promise<RunningMock> {
  // A module mock loads tsx and Hono's adapter; a start without one (most `weft serve` runs) skips them.
  const handler = config.module !== undefined ? await (await import('./module-handler.ts')).moduleHandler(name, path.resolve(baseDir, config.module)) : routesHandler(config.routes ?? {});
  const server: Server = createServer((request, response) => {
    // then(): a handler that throws before returning fails this request, not the process.
    Promise.resolve().then(() => handler(request, response)).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`mock "${name}" failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(new MockOriginError(error.code === 'EADDRINUSE' ? `mock "${name}": port ${config.port ?? 0} is in use; pick another \`mocks.${name}.port\` or leave it out for a free one` : `mock "${name}": ${error.message}`, { cause: error }));
    });
    server.listen(config.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts every mock; on a failure, stops the ones already running before rethrowing. */
export async function startMocks(mocks: Record<string, MockOriginConfig> | undefined, baseDir: string): Promise<RunningMock[]> {
  const running: RunningMock[] = [];
  try {
    for (const [name, config] of Object.entries(mocks ?? {})) running.push(await startMock(name, config, baseDir));
  } catch (error) {
    await Promise.all(running.map((mock) => mock.close()));
    throw error;
  }
  return running;
}

export function mockUrls(mocks: readonly RunningMock[]): Map<string, string> {
  return new Map(mocks.map((mock) => [mock.name, mock.url]));
}
