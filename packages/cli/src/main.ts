/**
 * Entry point of the `weft` command: picks the command and loads only its module, so `weft build`
 * never pays for the dev server. Each command module exports `run(args): Promise<number>`.
 */
import { warmEdgeThreads } from '@weft/runtime/standby';

const COMMANDS = {
  dev: () => import('./commands/dev.ts'),
  serve: () => import('./commands/serve.ts'),
  build: () => import('./commands/build.ts'),
  validate: () => import('./commands/validate.ts'),
  init: () => import('./commands/init.ts'),
  kv: () => import('./commands/kv.ts'),
} as const;

type CommandName = keyof typeof COMMANDS;

const USAGE = `Usage: weft <command> [options]

Commands:
  dev [app]                 serve every app under apps/ (or one) with hot reload and the trace viewer
                            [--inspect[=PORT]]: debug the worker in Chrome DevTools or VS Code
  serve <main.js|dir|tgz>   serve one worker: --port N --origin URL [--host NAME=URL]... [--origin-id ID=URL]...
                            [--var PMUSER_X=value]... [--tier 100|200|280] [--config FILE] [--inspect[=PORT]]
  build [app]               write dist/<app>.tgz, an EdgeWorkers code bundle
  validate <tgz|dir>        check a bundle against the platform's validation rules
  init <dir>                scaffold a new worker project
  kv <verb>                 local EdgeKV data: list, get, put, delete, token (weft kv --help)
`;

function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/** Whether a serve or dev command line will start edge threads (not for --help or --threads 0). */
function startsEdgeThreads(args: readonly string[]): boolean {
  if (args.includes('--help') || args.includes('-h')) return false;
  const at = args.indexOf('--threads');
  const threads = at === -1 ? args.find((arg) => arg.startsWith('--threads='))?.slice('--threads='.length) : args[at + 1];
  return threads === undefined || Number(threads) > 0;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (!isCommand(name)) {
    process.stderr.write(`weft: unknown command "${name}". Run "weft --help" for the list.\n`);
    return 2;
  }
  // The edge thread loads its modules while this thread loads the command's (standby.ts).
  if ((name === 'serve' || name === 'dev') && startsEdgeThreads(rest)) warmEdgeThreads(1);
  const command = await COMMANDS[name]();
  return command.run(rest);
}
