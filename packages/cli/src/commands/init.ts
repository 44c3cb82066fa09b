/** `weft init <dir> [--name NAME]`: scaffold a runnable TypeScript worker project. */
import path from 'node:path';
import type { FlagSpecs } from '../args.ts';
import { expectPositionals, runCommand, type CommandSpec } from '../command.ts';
import { scaffold } from '../init/scaffold.ts';

export const INIT = {
  name: 'init',
  synopsis: 'init <dir> [options]',
  summary: 'Scaffolds a worker project in <dir>: TypeScript source, weft.config.ts with a mock origin, a @weft/testing test, a README. Never overwrites a file.',
  flags: {
    name: { type: 'string', value: 'NAME', description: 'the worker\'s name (default: the folder\'s name, lower-cased)' },
  },
  examples: [
    ['weft init my-worker', 'creates ./my-worker'],
    ['weft init apps/checkout --name checkout-edge', 'a new app of this workspace, named checkout-edge'],
  ],
} as const satisfies CommandSpec<FlagSpecs>;

export function run(args: string[]): Promise<number> {
  return runCommand(INIT, args, async ({ flags, positionals }) => {
    const [target = ''] = expectPositionals(positionals, 1, 1, 'one folder to create the worker in: weft init <dir>');
    const result = scaffold(target, { name: flags.name });
    const shown = path.relative(process.cwd(), result.dir) || '.';
    process.stdout.write(`Created ${result.name} in ${shown}:\n${result.files.map((file) => `  ${file}`).join('\n')}\n\nNext:\n  cd ${shown}\n  pnpm install\n  pnpm exec weft dev       # then open the URL it prints, and /__weft/ for traces\n  pnpm exec vitest run\n  pnpm exec weft build && pnpm exec weft validate dist/${result.name}.tgz\n`);
    return 0;
  });
}
