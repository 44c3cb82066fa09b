/**
 * What every command shares: its help (`--help`/`-h`: synopsis, flags, examples), one error format
 * (`weft <command>: <what was wrong; what to do>` on stderr) and one set of exit statuses:
 * 0 done, 1 the work failed, 2 the command line is wrong (then a pointer to `--help` follows).
 */
import { WeftError } from '@weft/platform';
import { ArgsError, parseArgv, usageLines, type FlagSpecs, type ParsedArgs } from './args.ts';

export const HELP_FLAG = { type: 'boolean', short: 'h', description: 'show this help' } as const;

export interface CommandSpec<S extends FlagSpecs> {
  /** `build`, or `kv get` for a verb of `weft kv`. */
  name: string;
  /** What follows `weft ` in the usage line: `build [app...] [options]`. */
  synopsis: string;
  summary: string;
  /** Further lines under the summary: what the arguments mean, defaults, where files go. */
  notes?: readonly string[];
  /** The command's flags; `--help`/`-h` is added to every command. */
  flags: S;
  /** Command lines a newcomer can paste, each with what it does. */
  examples: ReadonlyArray<readonly [command: string, what: string]>;
}

export type WithHelp<S extends FlagSpecs> = S & { help: typeof HELP_FLAG };

export function withHelp<S extends FlagSpecs>(flags: S): WithHelp<S> {
  return { ...flags, help: HELP_FLAG };
}

export function helpText<S extends FlagSpecs>(spec: CommandSpec<S>): string {
  const width = Math.max(...spec.examples.map(([line]) => line.length));
  const lines = [`Usage: weft ${spec.synopsis}`, '', spec.summary, ...(spec.notes ?? []).map((note) => `  ${note}`), '', 'Options:', usageLines(withHelp(spec.flags)), '', 'Examples:'];
  for (const [line, what] of spec.examples) lines.push(`  ${line.padEnd(width)}   # ${what}`);
  return `${lines.join('\n')}\n`;
}

/** The line after a usage error. */
export function helpPointer(name: string): string {
  return `Run \`weft ${name} --help\` for its flags and examples.`;
}

/** Codes of errors that mean the command line is wrong (exit status 2), whatever their class. */
const USAGE_CODES: ReadonlySet<string> = new Set(['WEFT_ARGS_INVALID', 'WEFT_APP_UNKNOWN', 'WEFT_EDGEKV_USAGE']);

/** Prints an error in the one format and returns its exit status. */
export function reportError(name: string, error: unknown): number {
  if (error instanceof ArgsError || (error instanceof WeftError && USAGE_CODES.has(error.code))) {
    process.stderr.write(`weft ${name}: ${error.message}\n${helpPointer(name)}\n`);
    return 2;
  }
  if (error instanceof WeftError) {
    process.stderr.write(`weft ${name}: ${error.message}\n`);
    return 1;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`weft ${name}: internal error (a bug in Weft; please report it with this text):\n${text}\n`);
  return 1;
}

/**
 * Parses `argv` against the command's flags, answers `--help`, runs `body`, and turns whatever it
 * throws into the one error format and exit status.
 */
export async function runCommand<S extends FlagSpecs>(spec: CommandSpec<S>, argv: readonly string[], body: (parsed: ParsedArgs<WithHelp<S>>) => Promise<number>): Promise<number> {
  try {
    const parsed = parseArgv(argv, withHelp(spec.flags));
    if (parsed.flags.help === true) {
      process.stdout.write(helpText(spec));
      return 0;
    }
    return await body(parsed);
  } catch (error) {
    return reportError(spec.name, error);
  }
}

/** Positionals: exactly the ones a command takes, else an ArgsError naming what it expected. */
export function expectPositionals(given: readonly string[], min: number, max: number, shape: string): string[] {
  if (given.length < min) throw new ArgsError(`missing ${shape}`);
  if (given.length > max) throw new ArgsError(`too many arguments (${given.map((arg) => JSON.stringify(arg)).join(' ')}); expected ${shape}`);
  return [...given];
}
