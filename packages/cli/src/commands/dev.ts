/** `weft dev [app...] [--port N] [--threads N] [--inspect[=PORT]]`: serve every app under apps/ (or the named ones) with hot reload and the trace viewer. */
import type { FSWatcher } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeFailure, unhandledRejectionReporter } from '@weft/runtime';
import { ArgsError } from '../args.ts';
import { findConfigFile, loadAppConfig } from '../config/load.ts';
import { closeInspector, INSPECT_HELP, inspectorHint, inspectPort, openInspectorOrReport } from '../inspect.ts';
import { banner, type BannerEntry } from '../dev/banner.ts';
import { DevApp, type DevLog } from '../dev/dev-app.ts';
import { planPorts } from '../dev/ports.ts';
import { watchApp } from '../dev/watch.ts';
import { appsHere, appsPlace, findWorkspaceRoot, resolveApp, type AppRef } from '../workspace.ts';

const USAGE = `Usage: weft dev [app...] [--port N] [--threads N] [--inspect[=PORT]]
  with no app: the app whose folder this is, else every app of the workspace (apps/*, or those weft.workspace.json lists)
  --threads N        edge threads per app with the CPU watchdog (default 1; 0 keeps the pipeline in-process)
  --inspect[=PORT]   ${INSPECT_HELP}; requests wait for the edge thread instead of starting in-process
`;

/** Takes `--inspect` and `--inspect=PORT` out of the arguments (node:util's parseArgs has no optional values). */
function takeInspect(args: string[]): { rest: string[]; inspect: string | true | undefined } {
  let inspect: string | true | undefined;
  const rest = args.filter((arg) => {
    if (arg === '--inspect') inspect = true;
    else if (arg.startsWith('--inspect=')) inspect = arg.slice('--inspect='.length);
    else return true;
    return false;
  });
  return { rest, inspect };
}

const log: DevLog = {
  info: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};

/** Each app's configured port (undefined: pick one); a config that does not load is reported at start. */
async function configuredPort(ref: AppRef): Promise<number | undefined> {
  try {
    return (await loadAppConfig(ref.dir)).config.port;
  } catch {
    // Any failure: DevApp.start loads the config again and reports it for this app alone.
    return undefined;
  }
}

/** An app that failed to start (a bad config, a port in use) is retried each time one of its files changes. */
function retryWhenFixed(ref: AppRef, port: number, threads: number, inspect: boolean, started: (app: DevApp) => void): FSWatcher | undefined {
  let busy = false;
  const watcher = watchApp(ref.dir, () => {
    if (busy) return;
    busy = true;
    setTimeout(() => {
      const file = findConfigFile(ref.dir);
      if (file === undefined) {
        busy = false;
        return;
      }
      DevApp.start(file, port, log, { threads, inspect }).then(
        (app) => {
          watcher?.close();
          started(app);
          log.info(`  ➜ ${app.name}  ${app.server?.url ?? ''}/  is up`);
        },
        (error: unknown) => {
          busy = false;
          log.error(`${ref.name}: still failing: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    }, 50);
  }, (message) => log.error(`weft dev: ${ref.name}: ${message} Until then it is not retried.`));
  return watcher;
}

export async function run(argv: string[]): Promise<number> {
  const { rest: args, inspect: inspectFlag } = takeInspect(argv);
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { port: { type: 'string' }, threads: { type: 'string' } } });
  } catch (error) {
    process.stderr.write(`weft dev: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const portFlag = parsed.values.port === undefined ? undefined : Number(parsed.values.port);
  if (portFlag !== undefined && !(Number.isInteger(portFlag) && portFlag >= 0 && portFlag <= 65535)) {
    process.stderr.write(`weft dev: --port must be an integer from 0 to 65535, got "${parsed.values.port}"\n`);
    return 2;
  }
  const threads = parsed.values.threads === undefined ? 1 : Number(parsed.values.threads);
  if (!(Number.isInteger(threads) && threads >= 0 && threads <= 16)) {
    process.stderr.write(`weft dev: --threads must be an integer from 0 to 16, got "${parsed.values.threads}"\n`);
    return 2;
  }
  let inspectAt: number | undefined;
  try {
    inspectAt = inspectFlag === undefined ? undefined : inspectPort(inspectFlag);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    process.stderr.write(`weft dev: ${error.message}\n`);
    return 2;
  }
  if (inspectAt !== undefined && threads === 0) {
    process.stderr.write('weft dev: --inspect debugs the worker on its edge thread; leave out --threads 0\n');
    return 2;
  }
  const started = performance.now();
  const root = findWorkspaceRoot();
  let refs: AppRef[];
  try {
    refs = parsed.positionals.length > 0 ? parsed.positionals.map((name) => resolveApp(root, name)) : appsHere();
  } catch (error) {
    process.stderr.write(`weft dev: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (refs.length === 0) {
    process.stderr.write(`weft dev: no app here: ${process.cwd()} has no weft.config.ts and ${appsPlace(root)} names no app folder; run it inside an app's folder, or create one with \`weft init my-worker\`\n`);
    return 2;
  }
  if (portFlag !== undefined && refs.length > 1) {
    process.stderr.write('weft dev: --port applies to one app; name it (weft dev <app> --port N) or set `port` in each weft.config.ts\n');
    return 2;
  }
  let inspected: { url: string; port: number } | undefined;
  if (inspectAt !== undefined) {
    inspected = await openInspectorOrReport('weft dev', inspectAt);
    if (inspected === undefined) return 1;
  }
  const inspect = inspected !== undefined;
  const ports = await planPorts(portFlag !== undefined ? [portFlag] : await Promise.all(refs.map(configuredPort)));
  const entries: BannerEntry[] = await Promise.all(
    refs.map(async (ref, index) => {
      const file = findConfigFile(ref.dir);
      try {
        if (file === undefined) throw new Error(`no weft.config.ts in ${ref.dir}`);
        const app = await DevApp.start(file, ports[index] ?? 0, log, { threads, inspect });
        return { name: app.name, app, error: undefined };
      } catch (error) {
        return { name: ref.name, app: undefined, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  process.stdout.write(banner(entries, performance.now() - started));
  if (inspected !== undefined) process.stdout.write(`${inspectorHint(inspected)}\n`);
  // One app's fault (or a half-saved file elsewhere in the workspace) must not take every app down.
  // A rejection a worker left behind in an in-process app is ignored, as at the edge (spec §1.5).
  process.on('unhandledRejection', unhandledRejectionReporter('weft dev', (text) => log.error(text.trimEnd())));
  process.on('uncaughtException', (error) => log.error(`weft dev: internal error, still serving (a bug in Weft, please report it with this stack): ${describeFailure(error)}`));
  const running = entries.flatMap((entry) => (entry.app === undefined ? [] : [entry.app]));
  const retries: Array<FSWatcher | undefined> = [];
  for (const [index, entry] of entries.entries()) {
    const ref = refs[index];
    if (entry.error === undefined || ref === undefined) continue;
    log.error(`${entry.name}: ${entry.error}
${entry.name}: will retry when a file in ${ref.dir} changes`);
    retries.push(retryWhenFixed(ref, ports[index] ?? 0, threads, inspect, (app) => running.push(app)));
  }
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      for (const watcher of retries) watcher?.close();
      void Promise.all(running.map((app) => app.close())).then(() => {
        // An attached debugger would otherwise keep the process waiting for it to disconnect.
        if (inspected !== undefined) closeInspector();
        resolve(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
