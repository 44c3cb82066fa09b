/**
 * `--inspect[=PORT]` of `weft serve` and `weft dev`: opens this process's inspector on 127.0.0.1,
 * as `node --inspect` does, so Chrome DevTools or VS Code attach to it, and through it to the edge
 * threads (Node's NodeWorker domain; both debuggers attach to worker threads on their own). The
 * pool is told as well (EdgePoolOptions.inspect): the worker's script carries its source map, and
 * while a debugger holds the thread paused the watchdog leaves it alone and the CPU and wall limits
 * leave that time out (docs/edge-threads.md, "Debugging").
 */
import inspector from 'node:inspector';
import { createServer } from 'node:net';
import { ArgsError } from './args.ts';
import { InspectorError } from './errors.ts';

export const DEFAULT_INSPECT_PORT = 9229;
/** Node's inspector listens on loopback only: a debugger can run any code in the process. */
const HOST = '127.0.0.1';

/** The help line both commands show. */
export const INSPECT_HELP = `debug the worker in Chrome DevTools or VS Code: breakpoints in its TypeScript, locals (port ${DEFAULT_INSPECT_PORT}; 0 picks a free one; 127.0.0.1 only). While it is paused, its request's CPU and wall limits are suspended`;

/** The port of `--inspect` (true) or `--inspect=PORT`; an ArgsError (exit status 2) for anything else. */
export function inspectPort(flag: string | true): number {
  if (flag === true) return DEFAULT_INSPECT_PORT;
  const port = Number(flag);
  if (!/^\d+$/.test(flag) || port > 65535) throw new ArgsError(`--inspect=${flag}: the debugger port must be an integer from 0 to 65535, as in --inspect=${DEFAULT_INSPECT_PORT} (--inspect alone uses ${DEFAULT_INSPECT_PORT}, --inspect=0 picks a free port)`);
  return port;
}

function inUse(port: number): string {
  return `--inspect: port ${port} on ${HOST} is already in use (another debugger, or a process started with node --inspect?); pick another with --inspect=PORT, or --inspect=0 for a free one`;
}

/** Whether the port can be bound: Node's inspector reports a failure only as a line on stderr. */
async function probe(port: number): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve());
  }).catch((error: unknown) => {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') throw new InspectorError(inUse(port), { cause: error });
    if (code === 'EACCES') throw new InspectorError(`--inspect: no permission to listen on port ${port}; use a port above 1023 with --inspect=PORT`, { cause: error });
    throw new InspectorError(`--inspect: cannot listen on ${HOST}:${port}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * Opens the inspector (Node prints "Debugger listening on ws://..." to stderr itself) and returns
 * its WebSocket URL and port. Throws an InspectorError when the port cannot be had.
 */
export async function openInspector(port: number): Promise<{ url: string; port: number }> {
  if (port !== 0) await probe(port);
  inspector.open(port, HOST, false);
  const url = inspector.url();
  if (url === undefined) throw new InspectorError(port === 0 ? `--inspect: the inspector could not open on ${HOST} (see Node's message above)` : inUse(port));
  return { url, port: Number(new URL(url).port) };
}

/** openInspector for a command's `--inspect`: a port it cannot have is said on stderr, and undefined returned (the command exits 1). */
export async function openInspectorOrReport(command: string, port: number): Promise<{ url: string; port: number } | undefined> {
  try {
    return await openInspector(port);
  } catch (error) {
    if (!(error instanceof InspectorError)) throw error;
    process.stderr.write(`${command}: ${error.message}\n`);
    return undefined;
  }
}

/** What to tell the developer once the inspector is open (stdout; Node's own line went to stderr). */
export function inspectorHint(opened: { url: string; port: number }): string {
  return `Debugger: ${opened.url}
  Chrome: open chrome://inspect, Configure... ${HOST}:${opened.port}, then "inspect" under Remote Target; VS Code: "Attach" to port ${opened.port}.
  The worker runs on the thread named "weft edge thread"; set breakpoints in its TypeScript files. While it is paused, its request's CPU and wall limits are suspended.
`;
}

/** Closes the inspector, so the process ends without waiting for a debugger to disconnect. */
export function closeInspector(): void {
  inspector.close();
}
