/**
 * Entry point of the `weft` command: picks the command and loads only its module, so `weft build`
 * never pays for the dev server. Each command module exports `run(args): Promise<number>`.
 */
import { readFileSync } from 'node:fs';
import { warmEdgeThreads } from '@weft/runtime/standby';
import { closest } from './suggest.ts';

const COMMANDS = {
  dev: () => import('./commands/dev.ts'),
  serve: () => import('./commands/serve.ts'),
  build: () => import('./commands/build.ts'),
  validate: () => import('./commands/validate.ts'),
  init: () => import('./commands/init.ts'),
  kv: () => import('./commands/kv.ts'),
  deploy: () => import('./commands/deploy.ts'),
  token: () => import('./commands/token.ts'),
} as const;

type CommandName = keyof typeof COMMANDS;

const USAGE = `Usage: weft <command> [options]

Commands:
  dev [app...]              serve every app (or the named ones) with hot reload and the trace viewer
  serve <main.js|dir|tgz>   serve one worker or built bundle as the edge would
  build [app...]            write dist/<app>.tgz, an EdgeWorkers code bundle, and validate it
  validate <tgz|dir>...     check bundles against the platform's validation rules
  init <dir>                scaffold a new worker project
  kv <verb>                 local EdgeKV data: list, get, put, delete, token
  deploy [app|tgz]          upload the bundle as a new EdgeWorker version (--ew-id N), --activate it
  token <hostname...>       print an Akamai-EW-Trace value for enhanced debug headers

Options:
  -h, --help                show this help (weft <command> --help: that command's flags and examples)
  -v, --version             print the version of @weft/cli

Examples:
  weft dev                              # every app, each on its own port from 8700
  weft build my-app && weft validate dist/my-app.tgz
  weft serve dist/my-app.tgz --origin http://127.0.0.1:8080 --port 8787
`;

function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/** @weft/cli's version, from its package.json (beside src/ in the repository, dist/ once installed). */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return String(manifest.version);
}

/** Whether a serve or dev command line will start edge threads (not for --help or --threads 0). */
function startsEdgeThreads(args: readonly string[]): boolean {
  if (args.includes('--help') || args.includes('-h')) return false;
  const at = args.indexOf('--threads');
  const threads = at === -1 ? args.find((arg) => arg.startsWith('--threads='))?.slice('--threads='.length) : args[at + 1];
  return threads === undefined || Number(threads) > 0;
}

function usageError(message: string): number {
  process.stderr.write(`weft: ${message}\nRun \`weft --help\` for the list of commands.\n`);
  return 2;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  // `weft help build` reads as `weft build --help`.
  if (name === 'help') return rest[0] === undefined ? main(['--help']) : main([rest[0], '--help']);
  if (!isCommand(name)) {
    if (name.startsWith('-')) {
      const option = closest(name.replace(/^-+/, ''), ['help', 'version']);
      return usageError(`unknown option ${name}${option === undefined ? '; before a command only --help and --version are known' : `; did you mean --${option}?`}`);
    }
    const guess = closest(name, Object.keys(COMMANDS));
    return usageError(`unknown command "${name}"${guess === undefined ? `; the commands are ${Object.keys(COMMANDS).join(', ')}` : `; did you mean \`weft ${guess}\`?`}`);
  }
  // The edge thread loads its modules while this thread loads the command's (standby.ts).
  if ((name === 'serve' || name === 'dev') && startsEdgeThreads(rest)) warmEdgeThreads(1);
  const command = await COMMANDS[name]();
  return command.run(rest);
}
