/**
 * `weft serve <main.js | bundle folder | bundle .tgz> --port N --origin URL [--host NAME=URL]...
 * [--origin-id ID=URL]... [--var PMUSER_X=value]... [--tier 100|200|280] [--config FILE] [--inspect[=PORT]]`:
 * serves one worker through the whole event model (docs/design.md, the local contract).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  ConfigError, EDGEKV_HOST, EdgePool, InProcessEdge, createEdgeServer, createSandbox, loadBundle, parseRuntimeOptions, unhandledRejectionReporter,
  type Edge, type LoadedBundle, type RuntimeOptions, type RuntimeOptionsInput,
} from '@weft/runtime';
import { ArgsError, parseArgv, splitAssignment, usageLines, type FlagSpecs } from '../args.ts';
import { loadConfigFile } from '../config/load.ts';
import { toRuntimeOptions } from '../config/resolve.ts';
import type { EdgeKvConfigInput } from '../edgekv/config.ts';
import { edgeKvSettings, startLocalEdgeKv, type EdgeKvSettings, type LocalEdgeKv } from '../edgekv/local.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ownsViewerPage } from '../viewer/page-paths.ts';
import { closeInspector, INSPECT_HELP, inspectorHint, inspectPort, openInspectorOrReport } from '../inspect.ts';

const FLAGS = {
  port: { type: 'number', value: 'N', description: 'port to listen on (default 8080; 0 picks a free one)' },
  listen: { type: 'string', value: 'ADDRESS', description: 'interface to listen on (default 127.0.0.1)' },
  origin: { type: 'string', value: 'URL', description: 'default origin (where a cache miss goes)' },
  host: { type: 'list', value: 'NAME=URL', description: 'a hostname sub-requests may reach, and where it goes (repeatable)' },
  'origin-id': { type: 'list', value: 'ID=URL', description: 'a named origin for request.route({ origin }) (repeatable)' },
  var: { type: 'list', value: 'PMUSER_X=value', description: 'a property variable (repeatable)' },
  tier: { type: 'number', value: '100|200|280', description: 'resource tier (default 200)' },
  threads: { type: 'number', value: 'N', description: 'edge threads with a CPU watchdog (default 1; 0 runs in-process, without the CPU guard)' },
  config: { type: 'string', value: 'FILE', description: 'runtime options: a .json file or a weft.config.ts' },
  edgekv: { type: 'string', value: 'DIR', description: 'serve EdgeKV locally: seed files DIR/<namespace>/<group>.json; writes persist in DIR/../.weft/edgekv' },
  inspect: { type: 'optional', value: 'PORT', description: INSPECT_HELP },
  help: { type: 'boolean', description: 'show this help' },
} as const satisfies FlagSpecs;

const USAGE = `Usage: weft serve <main.js | bundle folder | bundle.tgz> --origin URL [options]\n\n${usageLines(FLAGS)}\n`;

class ServeError extends Error {}

interface ServeConfig {
  options: RuntimeOptionsInput;
  /** The config's `edgekv` section and the folder its paths are relative to. */
  edgekv: { section: EdgeKvConfigInput | undefined; dir: string };
}

async function readConfig(file: string): Promise<ServeConfig> {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new ServeError(`--config ${file}: no such file`);
  const dir = path.dirname(absolute);
  if (absolute.endsWith('.json')) {
    let parsed: RuntimeOptionsInput & { edgekv?: EdgeKvConfigInput };
    try {
      parsed = JSON.parse(readFileSync(absolute, 'utf8')) as RuntimeOptionsInput & { edgekv?: EdgeKvConfigInput };
    } catch (error) {
      throw new ServeError(`--config ${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    // `edgekv` is the CLI's surface (its own schema), not the runtime's.
    const { edgekv, ...options } = parsed;
    return { options, edgekv: { section: edgekv, dir } };
  }
  const loaded = await loadConfigFile(absolute);
  return { options: toRuntimeOptions(loaded.config, new Map(), absolute), edgekv: { section: loaded.config.edgekv, dir } };
}

/** `--edgekv DIR` (seed folder; the store goes beside it) or the config's `edgekv` section. */
function edgeKvOf(flag: string | undefined, config: ServeConfig['edgekv'] | undefined): EdgeKvSettings | undefined {
  if (flag === undefined) return config?.section === undefined ? undefined : edgeKvSettings(config.dir, config.section, true);
  const data = path.resolve(flag);
  if (existsSync(data) && !statSync(data).isDirectory()) throw new ServeError(`--edgekv ${flag}: a file; give the folder holding <namespace>/<group>.json seed files`);
  const { data: _data, store: _store, ...rest } = config?.section ?? {};
  return edgeKvSettings(path.dirname(data), { ...rest, data: path.basename(data), store: '.weft/edgekv' }, true);
}

function assignments(flag: string, values: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((values ?? []).map((text) => splitAssignment(flag, text)));
}

async function resolveOptions(flags: ReturnType<typeof parseArgv<typeof FLAGS>>['flags']): Promise<{ options: RuntimeOptions; edgekv: EdgeKvSettings | undefined }> {
  const config = flags.config === undefined ? undefined : await readConfig(flags.config);
  const base = config?.options ?? {};
  const edgekv = edgeKvOf(flags.edgekv, config?.edgekv);
  // CLI flags override the config file (docs/decisions.md, local simulation precedence).
  const input: Record<string, unknown> = {
    ...base,
    hosts: { ...(base.hosts ?? {}), ...assignments('host', flags.host) },
    originIds: { ...(base.originIds ?? {}), ...assignments('origin-id', flags['origin-id']) },
    variables: { ...(base.variables ?? {}), ...assignments('var', flags.var) },
  };
  if (flags.origin !== undefined) input.origin = flags.origin;
  if (flags.tier !== undefined) input.tier = flags.tier;
  try {
    return { options: parseRuntimeOptions(input), edgekv };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Name the flag when the bad value came from one.
    const byKey: Record<string, string> = { origin: '--origin', tier: '--tier', hosts: '--host', originIds: '--origin-id', variables: '--var' };
    const flag = byKey[error.where.split('.')[0] ?? ''];
    throw new ServeError(flag === undefined ? error.message : `${flag}: ${error.message.replace(/^config "[^"]*": /gm, '')}`);
  }
}

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

function describeListenError(error: unknown, port: number, listen: string): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') return `port ${port} on ${listen} is already in use; stop the other server or pick another with --port N (--port 0 picks a free one)`;
  if (code === 'EACCES') return `no permission to listen on port ${port}; use a port above 1023 with --port N`;
  if (code === 'EADDRNOTAVAIL') return `--listen ${listen}: this machine has no such address`;
  return `cannot listen on ${listen}:${port}: ${error instanceof Error ? error.message : String(error)}`;
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgv(args, FLAGS);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    process.stderr.write(`weft serve: ${error.message}\n${USAGE}`);
    return 2;
  }
  const { flags, positionals } = parsed;
  if (flags.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  const target = positionals[0];
  if (target === undefined || positionals.length > 1) {
    process.stderr.write(`weft serve: ${target === undefined ? 'name the worker to serve' : `one worker at a time (got ${positionals.join(', ')})`}\n${USAGE}`);
    return 2;
  }
  const port = flags.port ?? 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`weft serve: --port must be an integer from 0 to 65535, got ${port}\n`);
    return 2;
  }
  let inspectAt: number | undefined;
  try {
    inspectAt = flags.inspect === undefined ? undefined : inspectPort(flags.inspect);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    process.stderr.write(`weft serve: ${error.message}\n`);
    return 2;
  }
  const file = path.resolve(target);
  if (!existsSync(file)) {
    process.stderr.write(`weft serve: ${target}: no such file or folder; pass a main.js, a bundle folder (main.js + bundle.json) or a bundle .tgz\n`);
    return 1;
  }
  let options: RuntimeOptions;
  let edgekvSettings: EdgeKvSettings | undefined;
  try {
    ({ options, edgekv: edgekvSettings } = await resolveOptions(flags));
  } catch (error) {
    if (error instanceof ArgsError || error instanceof ServeError || (error instanceof Error && 'code' in error)) {
      process.stderr.write(`weft serve: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const bundle = await loadBundle(file, { ...(options.name === undefined ? {} : { name: options.name }), ...(options.version === undefined ? {} : { version: options.version }) });
  if (bundle.failure !== undefined) {
    const where = bundle.failure.frames[0];
    const at = where === undefined ? '' : ` at ${where.file}:${where.line}:${where.column}`;
    process.stderr.write(`weft serve: ${target} cannot be loaded: ${bundle.failure.name}: ${bundle.failure.message}${at}\n`);
    return 1;
  }
  for (const warning of bundle.warnings) process.stderr.write(`weft serve: warning: ${warning}\n`);
  if (edgekvSettings === undefined && bundle.compiled?.files.some((name) => path.basename(name) === 'edgekv.js') === true && options.hosts[EDGEKV_HOST] === undefined) {
    process.stderr.write(`weft serve: warning: the bundle uses EdgeKV (edgekv.js) but no local EdgeKV is configured; pass --edgekv DIR (a folder of <namespace>/<group>.json seed files, which may be empty)\n`);
  }
  const threads = flags.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 0 || threads > 16) {
    process.stderr.write(`weft serve: --threads must be an integer from 0 to 16, got ${threads}\n`);
    return 2;
  }
  if (inspectAt !== undefined && threads === 0) {
    process.stderr.write('weft serve: --inspect debugs the worker on its edge thread; leave out --threads 0\n');
    return 2;
  }
  let inspected: { url: string; port: number } | undefined;
  if (inspectAt !== undefined) {
    inspected = await openInspectorOrReport('weft serve', inspectAt);
    if (inspected === undefined) return 1;
  }
  const stopInspector = (): void => {
    if (inspected !== undefined) closeInspector();
  };
  let edgekv: LocalEdgeKv | undefined;
  if (edgekvSettings !== undefined) {
    try {
      edgekv = await startLocalEdgeKv(edgekvSettings);
    } catch (error) {
      process.stderr.write(`weft serve: EdgeKV: ${error instanceof Error ? error.message : String(error)}\n`);
      stopInspector();
      return 1;
    }
    // The helper's default host reaches the local service; a --host for it wins.
    options.hosts = { [EDGEKV_HOST]: edgekv.url, ...options.hosts };
  }
  // Plain JSON crosses into the edge threads (structured clone).
  const edgeOptions = { bundle, options: JSON.parse(JSON.stringify(options)) as unknown, sandbox: { instancePerRequest: options.instancePerRequest } };
  // The edge threads start now, on the other core, while this thread runs the probe and binds the
  // port; a failure of either stops them again.
  const starting = threads === 0 ? undefined : EdgePool.create({ ...edgeOptions, size: threads, ...(inspected === undefined ? {} : { inspect: { sourceRoot: sourceRootOf(bundle) } }) });
  starting?.catch(() => undefined);
  const stopStarting = async (): Promise<void> => {
    await starting?.then((pool) => pool.close(), () => undefined);
  };
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
    process.stderr.write(`weft serve: ${target} failed while running its top-level code (${status}): ${error.name}: ${error.message}${where === undefined ? '' : ` at ${where.file}:${where.line}:${where.column}`}\n`);
    await stopStarting();
    await edgekv?.close();
    stopInspector();
    return 1;
  }
  // In-process (--threads 0) the worker's realm shares this thread: a rejection it leaves behind
  // must not end the process (spec §1.5), and one of Weft's own is reported and serving goes on.
  process.on('unhandledRejection', unhandledRejectionReporter('weft serve'));
  // A port in use is reported as soon as the bind fails, and the starting threads are stopped.
  let edge: Edge | undefined;
  const listen = flags.listen ?? '127.0.0.1';
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
    process.stderr.write(`weft serve: ${describeListenError(error, port, listen)}\n`);
    await stopStarting();
    await edgekv?.close();
    stopInspector();
    return 1;
  }
  try {
    edge = starting === undefined ? await InProcessEdge.create(edgeOptions) : await starting;
  } catch (error) {
    process.stderr.write(`weft serve: the edge could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    await server.close();
    await edgekv?.close();
    stopInspector();
    return 1;
  }
  const origin = options.origin === undefined ? 'no origin (use --origin URL)' : `origin ${options.origin}`;
  const isolation = threads === 0 ? 'in-process, no CPU guard' : `${threads} edge thread${threads === 1 ? '' : 's'}`;
  process.stdout.write(`weft serve: ${bundle.name} v${bundle.version} (tier ${options.tier}, ${isolation}, ${origin})\nListening on ${server.url}\nTraces: ${server.url}/__weft/ (viewer), ${server.url}/__weft/traces (JSON)\n`);
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
  await server.close();
  await edge.close();
  await edgekv?.close();
  // A debugger still attached would otherwise keep the process waiting for it to disconnect.
  stopInspector();
  return 0;
}

/** The folder the relative paths of a bundle's source map start from: its own, unless it is an archive. */
function sourceRootOf(bundle: LoadedBundle): string | undefined {
  if (bundle.kind === 'tgz') return undefined;
  return bundle.kind === 'folder' ? bundle.location : path.dirname(bundle.location);
}
