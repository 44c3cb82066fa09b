/**
 * What an app's port answers while the app cannot start (its weft.config.ts does not load, a mock
 * cannot be imported): the dev error page for every path, and `/__weft/build` as failed, so a page
 * left open reloads by itself once a save fixes the app. `weft dev` gives the port back before each
 * retry, and the app binds it again.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { buildErrorReply, failedBuildStatus } from './error-page.ts';

export interface StartFailurePage {
  /** The port it answers on (the one asked for, or the one given for 0). */
  readonly port: number;
  /** Shows a newer failure. */
  show(error: string): void;
  close(): Promise<void>;
}

/** Serves the failure on `port`; undefined when the port cannot be bound (the terminal still says why). */
export async function openStartFailurePage(app: string, port: number, error: string): Promise<StartFailurePage | undefined> {
  let failure = { message: error, at: Date.now() };
  const routes = new Hono();
  routes.get('/__weft/build', (c) => c.json(failedBuildStatus(app, failure.at, failure.message, true), 200, { 'Cache-Control': 'no-store' }));
  routes.all('*', (c) => {
    const reply = buildErrorReply(app, failure.message, failure.at, c.req.header('accept'));
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  });
  const server: Server = createServer(getRequestListener(routes.fetch, { overrideGlobalObjects: false }));
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!bound) return undefined;
  return {
    port: (server.address() as AddressInfo).port,
    show(message: string): void {
      failure = { message, at: Date.now() };
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
