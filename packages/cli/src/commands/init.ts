/** `weft init <dir> [--name NAME]`: scaffold a runnable TypeScript worker project. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { InitConflictError } from '../errors.ts';
import { scaffold } from '../init/scaffold.ts';

const USAGE = 'Usage: weft init <dir> [--name NAME]\n';

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' } } });
  } catch (error) {
    process.stderr.write(`weft init: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [target, ...extra] = parsed.positionals;
  if (target === undefined || extra.length > 0) {
    process.stderr.write(`weft init: name one folder to create the worker in\n${USAGE}`);
    return 2;
  }
  try {
    const result = scaffold(target, { name: parsed.values.name });
    const shown = path.relative(process.cwd(), result.dir) || '.';
    process.stdout.write(`Created ${result.name} in ${shown}:\n${result.files.map((file) => `  ${file}`).join('\n')}\n\nNext:\n  cd ${shown}\n  pnpm install\n  pnpm exec weft dev .     # then open the URL it prints, and /__weft/ for traces\n  pnpm exec vitest run\n`);
    return 0;
  } catch (error) {
    if (error instanceof InitConflictError) {
      process.stderr.write(`weft init: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
