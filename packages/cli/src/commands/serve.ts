/**
 * `weft serve <main.js | bundle folder | bundle .tgz> --port N --origin URL [--host NAME=URL]...
 * [--origin-id ID=URL]... [--var PMUSER_X=value]... [--tier 100|200|280] [--config FILE] [--inspect[=PORT]]`:
 * serves one worker through the whole event model (docs/design.md, the local contract).
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { WeftError } from '@weft/platform';
import { EDGEKV_HOST, EdgePool, InProcessEdge, createEdgeServer, createSandbox, loadBundle, unhandledRejectionReporter, type Edge, type LoadedBundle } from '@weft/runtime';
import { ArgsError, integerFlag, type FlagSpecs } from '../args.ts';
import { expectPositionals, runCommand, type CommandSpec } from '../command.ts';
import { startLocalEdgeKv, type LocalEdgeKv } from '../edgekv/local.ts';
import { closeInspector, INSPECT_HELP, inspectorHint, inspectPort, openInspectorOrReport } from '../inspect.ts';
import { describeListenError } from '../listen-error.ts';
import { resolveServeOptions, type ServeOptions } from '../serve/options.ts';
import { ownsViewerPage } from '../viewer/page-paths.ts';

const FLAGS = {
  port: { type: 'number', value: 'N', description: 'port to listen on (default 8080; 0 picks a free one)' },
  listen: { type: 'string', value: 'ADDRESS', description: 'interface to listen on (default 127.0.0.1)' },
  origin: { type: 'string', value: 'URL', description: 'default origin (where a cache miss goes)' },
  host: { type: 'list', value: 'NAME=URL', description: 'a hostname sub-requests may reach, and where it goes (repeatable)' },
  'origin-id': { type: 'list', value: 'ID=URL', description: 'a named origin for request.route({ origin }) (repeatable)' },
  var: { type: 'list', value: 'PMUSER_X=value', description: 'a property variable (repeatable)' },
  tier: { type: 'number', value: '100|200|280', description: 'resource tier (default 200)' },
  threads: { type: 'number', value: 'N', description: 'edge threads with a CPU watchdog (default 1; 0 runs in-process, without the CPU guard)' },
  config: { type: 'string', value: 'FILE', description: 'runtime options: a weft.config.ts (its mocks start too) or a .json file' },
  edgekv: { type: 'string', value: 'DIR', description: 'serve EdgeKV locally: seed files DIR/<namespace>/<group>.json; writes persist in DIR/../.weft/edgekv' },
  inspect: { type: 'optional', value: 'PORT', description: INSPECT_HELP },
} as const satisfies FlagSpecs;

export const SERVE = {
  name: 'serve',
  synopsis: 'serve <main.js | bundle folder | bundle.tgz> [options]',
  summary: 'Serves one worker through the whole event model, as the edge would, with the trace viewer at /__weft/.',
  notes: [
    '--config weft.config.ts also starts the config\'s mock origins, so `origin: \'mock:origin\'` works as under weft dev.',
    'Flags win over the config file.',
  ],
  flags: FLAGS,
  examples: [
    ['weft serve ./worker/main.js --origin http://127.0.0.1:8080 --port 8787', 'a worker in front of a running origin'],
    ['weft serve dist/my-app.tgz --config apps/my-app/weft.config.ts', 'a built bundle with its app\'s settings and mock origins'],
    ['weft serve dist/my-app.tgz --origin https://www.example.com --var PMUSER_TIER=gold', 'with a property variable'],
  ],
} as const satisfies CommandSpec<FlagSpecs>;

/**
 * The viewer page's listener, loaded on its first request: the page and Hono are not part of what
 * every `weft serve` start has to load before its first answer.
 */
function lazyViewer(report: (error: unknown) => void): (req: IncomingMessage, res: ServerResponse) => Promise<unknown> {
  let listener: Promise<(req: IncomingMessage, res: ServerResponse) => unknown> | undefined;
  return async (req, res) => {
    listener ??= import('../viewer/routes.ts').then((routes) => routes.viewerListener(report));
    return (await listener)(req, res);
  };
}

export function run(args: string[]): Promise<number> {
  return runCommand(SERVE, args, async ({ flags, positionals }) => {
    const [target = ''] = expectPositionals(positionals, 1, 1, 'the worker to serve: a main.js, a bundle folder (main.js + bundle.json) or a bundle .tgz, e.g. dist/<app>.tgz from `weft build`');
    const port = integerFlag('port', flags.port, 0, 65535) ?? 8080;
    const threads = integerFlag('threads', flags.threads, 0, 16) ?? 1;
    const inspectAt = flags.inspect === undefined ? undefined : inspectPort(flags.inspect);
    if (inspectAt !== undefined && threads === 0) throw new ArgsError('--inspect debugs the worker on its edge thread; leave out --threads 0');
    const file = path.resolve(target);
    if (!existsSync(file)) throw new ArgsError(`${target}: no such file or folder; pass a main.js, a bundle folder (main.js + bundle.json) or a bundle .tgz`);
    const resolved = await resolveServeOptions(flags);
    const stack = new Stack();
    stack.push(() => Promise.all(resolved.mocks.map((mock) => mock.close())));
    try {
      return await serve(target, file, { port, threads, inspectAt, listen: flags.listen ?? '127.0.0.1' }, resolved, stack);
    } finally {
      await stack.unwind();
    }
  });
}

/** What to stop on the way out, last started first. */
class Stack {
  readonly #steps: Array<() => unknown> = [];
  push(step: () => unknown): void {
    this.#steps.push(step);
  }
  async unwind(): Promise<void> {
    for (const step of this.#steps.splice(0).reverse()) await step();
  }
}

function fail(message: string): number {
  process.stderr.write(`weft serve: ${message}\n`);
  return 1;
}

interface Settings {
  port: number;
  threads: number;
  inspectAt: number | undefined;
  listen: string;
}

async function serve(target: string, file: string, settings: Settings, resolved: ServeOptions, stack: Stack): Promise<number> {
  const { options, edgekv: edgekvSettings, mocks } = resolved;
  const { port, threads, inspectAt, listen } = settings;
  const bundle = await loadBundle(file, { ...(options.name === undefined ? {} : { name: options.name }), ...(options.version === undefined ? {} : { version: options.version }) });
  if (bundle.failure !== undefined) {
    const where = bundle.failure.frames[0];
    const at = where === undefined ? '' : ` at ${where.file}:${where.line}:${where.column}`;
    return fail(`${target} cannot be loaded: ${bundle.failure.name}: ${bundle.failure.message}${at}`);
  }
  for (const warning of bundle.warnings) process.stderr.write(`weft serve: warning: ${warning}\n`);
  if (edgekvSettings === undefined && bundle.compiled?.files.some((name) => path.basename(name) === 'edgekv.js') === true && options.hosts[EDGEKV_HOST] === undefined) {
    process.stderr.write(`weft serve: warning: the bundle uses EdgeKV (edgekv.js) but no local EdgeKV is configured; pass --edgekv DIR (a folder of <namespace>/<group>.json seed files, which may be empty)\n`);
  }
  let inspected: { url: string; port: number } | undefined;
  if (inspectAt !== undefined) {
    inspected = await openInspectorOrReport('weft serve', inspectAt);
    if (inspected === undefined) return 1;
    // A debugger still attached would otherwise keep the process waiting for it to disconnect.
    stack.push(() => closeInspector());
  }
  let edgekv: LocalEdgeKv | undefined;
  if (edgekvSettings !== undefined) {
    try {
      edgekv = await startLocalEdgeKv(edgekvSettings);
    } catch (error) {
      return fail(`EdgeKV: ${error instanceof Error ? error.message : String(error)}`);
    }
    stack.push(() => edgekv?.close());
    // The helper's default host reaches the local service; a --host for it wins.
    options.hosts = { [EDGEKV_HOST]: edgekv.url, ...options.hosts };
  }
  // Plain JSON crosses into the edge threads (structured clone).
  const edgeOptions = { bundle, options: JSON.parse(JSON.stringify(options)) as unknown, sandbox: { instancePerRequest: options.instancePerRequest } };
  // The edge threads start now, on the other core, while this thread runs the probe and binds the
  // port; a failure of either stops them again.
  const starting = threads === 0 ? undefined : EdgePool.create({ ...edgeOptions, size: threads, ...(inspected === undefined ? {} : { inspect: { sourceRoot: sourceRootOf(bundle) } }) });
  starting?.catch(() => undefined);
  let edge: Edge | undefined;
  stack.push(async () => {
    if (edge !== undefined) await edge.close();
    else await starting?.then((pool) => pool.close(), () => undefined);
  });
  // Top-level code runs once here too, so an init failure is reported before anything listens.
  const probe = createSandbox(bundle, {
    tier: options.tier,
    limitsProfile: options.limitsProfile,
    ewId: options.ewId,
    ...(options.clock === undefined ? {} : { clock: Date.parse(options.clock) }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  if (probe.failure !== undefined) {
    const { status, error } = probe.failure;
    const where = error.frames[0];
    return fail(`${target} failed while running its top-level code (${status}): ${error.name}: ${error.message}${where === undefined ? '' : ` at ${where.file}:${where.line}:${where.column}`}`);
  }
  // In-process (--threads 0) the worker's realm shares this thread: a rejection it leaves behind
  // must not end the process (spec §1.5), and one of Weft's own is reported and serving goes on.
  process.on('unhandledRejection', unhandledRejectionReporter('weft serve'));
  // A port in use is reported as soon as the bind fails, and the starting threads are stopped.
  let server;
  try {
    server = await createEdgeServer({
      handler: (request) =>
        edge === undefined
          ? Promise.resolve({ status: 503, headers: [['Content-Type', 'text/plain'], ['Retry-After', '1']], body: 'weft: the worker is still starting; retry in a moment\n' })
          : edge.handle(request),
      port,
      host: listen,
      scheme: 'http',
      // The trace viewer page; the traces it reads are the pipeline's own routes (/__weft/traces).
      ownRoutes: { owns: ownsViewerPage, listener: lazyViewer((error) => process.stderr.write(`weft serve: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`)) },
    });
  } catch (error) {
    return fail(describeListenError(error, port, listen, 'pick another with --port N (--port 0 picks a free one; --listen ADDRESS for another interface)'));
  }
  const listening = server;
  stack.push(() => listening.close());
  try {
    edge = starting === undefined ? await InProcessEdge.create(edgeOptions) : await starting;
  } catch (error) {
    return fail(`the edge could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  const origin = options.origin === undefined ? 'no origin (use --origin URL)' : `origin ${options.origin}`;
  const isolation = threads === 0 ? 'in-process, no CPU guard' : `${threads} edge thread${threads === 1 ? '' : 's'}`;
  process.stdout.write(`weft serve: ${bundle.name} v${bundle.version} (tier ${options.tier}, ${isolation}, ${origin})\nListening on ${server.url}\nTraces: ${server.url}/__weft/ (viewer), ${server.url}/__weft/traces (JSON)\n`);
  if (mocks.length > 0) process.stdout.write(`Mocks: ${mocks.map((mock) => `${mock.name} ${mock.url}`).join(', ')}\n`);
  if (edgekv !== undefined) {
    const { dataDir, storeDir } = edgekv.settings;
    process.stdout.write(`EdgeKV: ${edgekv.url} (seed ${path.relative(process.cwd(), dataDir) || '.'}, store ${path.relative(process.cwd(), storeDir)}${edgekv.seeded > 0 ? `, ${edgekv.seeded} items seeded` : ''})\n`);
  }
  if (inspected !== undefined) process.stdout.write(inspectorHint(inspected));
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

/** The folder the relative paths of a bundle's source map start from: its own, unless it is an archive. */
function sourceRootOf(bundle: LoadedBundle): string | undefined {
  if (bundle.kind === 'tgz') return undefined;
  return bundle.kind === 'folder' ? bundle.location : path.dirname(bundle.location);
}
