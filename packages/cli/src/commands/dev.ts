/** `weft dev [app...] [--port N] [--threads N] [--inspect[=PORT]]`: serve every app under apps/ (or the named ones) with hot reload and the trace viewer. */
import { describeFailure, unhandledRejectionReporter } from '@weft/runtime';
import { ArgsError, integerFlag, type FlagSpecs } from '../args.ts';
import { runCommand, type CommandSpec } from '../command.ts';
import { findConfigFile, loadAppConfig } from '../config/load.ts';
import { closeInspector, INSPECT_HELP, inspectorHint, inspectPort, openInspectorOrReport } from '../inspect.ts';
import { appDirectory } from '../dev/app-directory.ts';
import { banner, type BannerEntry } from '../dev/banner.ts';
import { DevApp, type DevAppOptions, type DevLog } from '../dev/dev-app.ts';
import { planPorts } from '../dev/ports.ts';
import { openStartFailurePage } from '../dev/start-failure-page.ts';
import { watchApp } from '../dev/watch.ts';
import { appsHere, appsPlace, findWorkspaceRoot, resolveApp, type AppRef } from '../workspace.ts';

/** How often a port someone else holds is tried again. */
const PORT_RETRY_MS = 1000;

export const DEV = {
  name: 'dev',
  synopsis: 'dev [app...] [options]',
  summary: 'Serves apps with hot reload, their mock origins and the trace viewer (/__weft/ on each app\'s port).',
  notes: [
    'app: a name under apps/ (or listed in weft.workspace.json) or a folder with a weft.config.ts;',
    'with none: the app whose folder this is, else every app of the workspace.',
    'Ports: `port` in each weft.config.ts, else the next free one from 8700; --port N gives the first app N and the',
    'others the next free ports after it. A port another process holds is retried every second.',
  ],
  flags: {
    port: { type: 'number', value: 'N', description: 'the first app\'s port; the others take the next free ones (0: any free port)' },
    threads: { type: 'number', value: 'N', description: 'edge threads per app with the CPU watchdog (default 1; 0 keeps the pipeline in-process)' },
    inspect: { type: 'optional', value: 'PORT', description: `${INSPECT_HELP}; requests wait for the edge thread instead of starting in-process` },
  },
  examples: [
    ['weft dev', 'every app of the workspace (or the app whose folder this is)'],
    ['weft dev api-orchestration --inspect', 'one app, with a debugger port for Chrome DevTools or VS Code'],
    ['weft dev --port 9300', 'every app, on 9300, 9301, ... (the next free ports)'],
  ],
} as const satisfies CommandSpec<FlagSpecs>;

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

/** `--port N`: the first app N, the others the next free ports after it; else each config's `port` or the next free from 8700. */
async function portsFor(refs: readonly AppRef[], portFlag: number | undefined): Promise<number[]> {
  if (portFlag === 0) return refs.map(() => 0);
  if (portFlag !== undefined) return [portFlag, ...(await planPorts(refs.slice(1).map(() => undefined), portFlag + 1, [portFlag]))];
  return planPorts(await Promise.all(refs.map(configuredPort)));
}

const up = (app: DevApp): void => log.info(`  ➜ ${app.name}  ${app.server?.url ?? ''}/  is up`);

/**
 * An app that failed to start (a config that does not load) is retried each time one of its files
 * changes. Until then its port answers with the error page (dev/start-failure-page.ts), which
 * reloads by itself once the app is up; the page gives the port back before each retry.
 */
async function retryWhenFixed(ref: AppRef, port: number, error: string, options: DevAppOptions, started: (app: DevApp) => void): Promise<{ close(): void; pageUrl: string | undefined }> {
  let page = await openStartFailurePage(ref.name, port, error);
  // With --port 0 the page was given a free port: the app takes that one once it starts.
  const appPort = page?.port ?? port;
  let busy = false;
  let closed = false;
  const watcher = watchApp(ref.dir, () => {
    if (busy || closed) return;
    busy = true;
    setTimeout(() => {
      const file = findConfigFile(ref.dir);
      if (file === undefined) {
        busy = false;
        return;
      }
      void (page?.close() ?? Promise.resolve()).then(() => DevApp.start(file, appPort, log, options)).then(
        (app) => {
          watcher?.close();
          page = undefined;
          started(app);
          if (app.server !== undefined) up(app);
        },
        async (failure: unknown) => {
          const message = failure instanceof Error ? failure.message : String(failure);
          log.error(`${ref.name}: still failing: ${message}`);
          page = closed ? undefined : await openStartFailurePage(ref.name, appPort, message);
          busy = false;
        },
      );
    }, 50);
  }, (message) => log.error(`weft dev: ${ref.name}: ${message} Until then it is not retried.`));
  return {
    pageUrl: page === undefined ? undefined : `http://127.0.0.1:${page.port}/`,
    close(): void {
      closed = true;
      watcher?.close();
      void page?.close();
    },
  };
}

export function run(args: string[]): Promise<number> {
  return runCommand(DEV, args, async ({ flags, positionals }) => {
    const portFlag = integerFlag('port', flags.port, 0, 65535);
    const threads = integerFlag('threads', flags.threads, 0, 16) ?? 1;
    const inspectAt = flags.inspect === undefined ? undefined : inspectPort(flags.inspect);
    if (inspectAt !== undefined && threads === 0) throw new ArgsError('--inspect debugs the worker on its edge thread; leave out --threads 0');
    const started = performance.now();
    const root = findWorkspaceRoot();
    const refs = positionals.length > 0 ? positionals.map((name) => resolveApp(root, name)) : appsHere();
    if (refs.length === 0) {
      throw new ArgsError(`no app here: ${process.cwd()} has no weft.config.ts and ${appsPlace(root)} names no app folder; run it inside an app's folder, or create one with \`weft init my-worker\``);
    }
    let inspected: { url: string; port: number } | undefined;
    if (inspectAt !== undefined) {
      inspected = await openInspectorOrReport('weft dev', inspectAt);
      if (inspected === undefined) return 1;
    }
    const ports = await portsFor(refs, portFlag);
    // `app:<name>` hosts (subWorkers) reach the other apps at their planned ports.
    const apps = await appDirectory(refs, ports);
    const options: DevAppOptions = { threads, inspect: inspected !== undefined, busyPort: { retryMs: PORT_RETRY_MS, onUp: up }, apps };
    const entries: BannerEntry[] = await Promise.all(
      refs.map(async (ref, index) => {
        const file = findConfigFile(ref.dir);
        try {
          if (file === undefined) throw new Error(`no weft.config.ts in ${ref.dir}`);
          const app = await DevApp.start(file, ports[index] ?? 0, log, options);
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
    const retries: Array<{ close(): void }> = [];
    for (const [index, entry] of entries.entries()) {
      const ref = refs[index];
      if (entry.error === undefined || ref === undefined) continue;
      const retry = await retryWhenFixed(ref, ports[index] ?? 0, entry.error, options, (app) => running.push(app));
      retries.push(retry);
      const shown = retry.pageUrl === undefined ? '' : `; until then ${retry.pageUrl} shows this error`;
      log.error(`${entry.name}: ${entry.error}\n${entry.name}: will retry when a file in ${ref.dir} changes${shown}`);
    }
    return new Promise<number>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        for (const retry of retries) retry.close();
        void Promise.all(running.map((app) => app.close())).then(() => {
          // An attached debugger would otherwise keep the process waiting for it to disconnect.
          if (inspected !== undefined) closeInspector();
          resolve(0);
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  });
}
