/**
 * The one argv parser every command shares: node:util's parseArgs splits the command line into
 * tokens (`--flag value`, `--flag=value`, `-h`, `--`), and this file checks them against the
 * command's flags and types the values. Every error is an ArgsError (exit status 2) that names the
 * flag, the value and what to do; parseArgs' own wording never reaches the user.
 */
import { parseArgs } from 'node:util';
import { WeftError } from '@weft/platform';
import { closest } from './suggest.ts';

/** `optional`: a bare `--flag` (true) or `--flag=value`; the next argument is never its value. */
export type FlagType = 'string' | 'number' | 'boolean' | 'list' | 'optional';

export interface FlagSpec {
  type: FlagType;
  /** `NAME` in `--flag NAME`, for the usage text. */
  value?: string;
  description: string;
  /** A one-letter alias (`h` for `-h`). */
  short?: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type ValueOf<S extends FlagSpec> = S['type'] extends 'string' ? string : S['type'] extends 'number' ? number : S['type'] extends 'boolean' ? boolean : S['type'] extends 'optional' ? string | true : string[];

export type ParsedFlags<S extends FlagSpecs> = { [K in keyof S]?: ValueOf<S[K]> };

export interface ParsedArgs<S extends FlagSpecs> {
  positionals: string[];
  flags: ParsedFlags<S>;
}

/** The command line cannot be acted on: unknown flag, missing or bad value, wrong arguments. Exit status 2. */
export class ArgsError extends WeftError {
  constructor(message: string) {
    super('WEFT_ARGS_INVALID', message, { kind: 'user' });
  }
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

function tokenize(argv: readonly string[], specs: FlagSpecs): Token[] {
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, { type: spec.type === 'boolean' || spec.type === 'optional' ? ('boolean' as const) : ('string' as const), ...(spec.short === undefined ? {} : { short: spec.short }) }]),
  );
  try {
    return parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true }).tokens;
  } catch (error) {
    // Not expected without `strict`; still, its text is not for the user.
    throw new ArgsError(`cannot read the command line ${JSON.stringify(argv.join(' '))} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
}

function unknownFlag(raw: string, specs: FlagSpecs): ArgsError {
  const bare = raw.replace(/^-+/, '').split('=')[0] ?? '';
  const names = Object.keys(specs);
  const guess = closest(bare, names);
  if (guess !== undefined) return new ArgsError(`unknown flag ${raw.split('=')[0]}; did you mean --${guess}?`);
  const known = names.map((name) => `--${name}`).join(', ');
  const dash = /^-\d/.test(raw) ? ` (a value starting with "-" goes after --, as in -- ${raw})` : '';
  return new ArgsError(`unknown flag ${raw.split('=')[0]}${dash}; the flags here are ${known}`);
}

export function parseArgv<S extends FlagSpecs>(argv: readonly string[], specs: S): ParsedArgs<S> {
  const positionals: string[] = [];
  const flags: Record<string, unknown> = {};
  const tokens = tokenize(argv, specs);
  for (const [at, token] of tokens.entries()) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const spec = Object.hasOwn(specs, token.name) ? specs[token.name] : undefined;
    const raw = argv[token.index] ?? token.rawName;
    // `-port` is split by parseArgs into -p -o -r -t: report the word as written.
    const grouped = !raw.startsWith('--') && raw.length > 2 && !raw.includes('=');
    if (grouped) {
      if (tokens[at - 1]?.index === token.index) continue;
      if (spec === undefined || tokens[at + 1]?.index === token.index) throw unknownFlag(raw, specs);
    }
    if (spec === undefined) throw unknownFlag(raw, specs);
    const name = token.name;
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new ArgsError(`--${name} takes no value (got ${JSON.stringify(token.value)})`);
      flags[name] = true;
      continue;
    }
    if (spec.type === 'optional') {
      flags[name] = token.value ?? true;
      continue;
    }
    const value = token.value;
    if (value === undefined || (token.inlineValue === false && value.startsWith('--'))) throw new ArgsError(`--${name} needs a value: --${name} ${spec.value ?? 'VALUE'}`);
    if (spec.type === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw new ArgsError(`--${name} must be a number, got ${JSON.stringify(value)}`);
      flags[name] = n;
    } else if (spec.type === 'list') {
      const list = (flags[name] as string[] | undefined) ?? [];
      list.push(value);
      flags[name] = list;
    } else {
      flags[name] = value;
    }
  }
  return { positionals, flags: flags as ParsedFlags<S> };
}

/** Splits `NAME=VALUE` at the first `=` (values may contain `=`). */
export function splitAssignment(flag: string, text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ArgsError(`--${flag} expects NAME=VALUE, got ${JSON.stringify(text)}`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/** An integer flag within bounds, or an ArgsError naming the flag, the value and the range. */
export function integerFlag(name: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) throw new ArgsError(`--${name} must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

export function usageLines(specs: FlagSpecs): string {
  return Object.entries(specs)
    .map(([name, spec]) => {
      const value = spec.value === undefined ? '' : spec.type === 'optional' ? `[=${spec.value}]` : ` ${spec.value}`;
      const flag = `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}${value}`;
      return `  ${flag.padEnd(28)} ${spec.description}`;
    })
    .join('\n');
}
