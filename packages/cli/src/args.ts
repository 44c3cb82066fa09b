/**
 * A small typed argv parser the commands share: `--flag value`, `--flag=value`, repeatable list
 * flags, booleans, flags whose value is optional (`--inspect`, `--inspect=9230`), and
 * positionals. Every error names the flag, the value and what to do.
 */
import { WeftError } from '@weft/platform';

/** `optional`: a bare `--flag` (true) or `--flag=value`; the next argument is never its value. */
export type FlagType = 'string' | 'number' | 'boolean' | 'list' | 'optional';

export interface FlagSpec {
  type: FlagType;
  /** `NAME` in `--flag NAME`, for the usage text. */
  value?: string;
  description: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type ValueOf<S extends FlagSpec> = S['type'] extends 'string' ? string : S['type'] extends 'number' ? number : S['type'] extends 'boolean' ? boolean : S['type'] extends 'optional' ? string | true : string[];

export type ParsedFlags<S extends FlagSpecs> = { [K in keyof S]?: ValueOf<S[K]> };

export interface ParsedArgs<S extends FlagSpecs> {
  positionals: string[];
  flags: ParsedFlags<S>;
}

export class ArgsError extends WeftError {
  constructor(message: string) {
    super('WEFT_ARGS_INVALID', message, { kind: 'user' });
  }
}

export function parseArgv<S extends FlagSpecs>(argv: readonly string[], specs: S): ParsedArgs<S> {
  const positionals: string[] = [];
  const flags: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (spec === undefined) {
      throw new ArgsError(`unknown flag --${name}; known flags: ${Object.keys(specs).map((key) => `--${key}`).join(', ')}`);
    }
    if (spec.type === 'boolean') {
      if (eq !== -1) throw new ArgsError(`--${name} takes no value (got ${JSON.stringify(arg.slice(eq + 1))})`);
      flags[name] = true;
      continue;
    }
    if (spec.type === 'optional') {
      flags[name] = eq === -1 ? true : arg.slice(eq + 1);
      continue;
    }
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new ArgsError(`--${name} needs a value: --${name} ${spec.value ?? 'VALUE'}`);
      value = next;
      i++;
    }
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

export function usageLines(specs: FlagSpecs): string {
  return Object.entries(specs)
    .map(([name, spec]) => `  --${name}${spec.value === undefined ? '' : spec.type === 'optional' ? `[=${spec.value}]` : ` ${spec.value}`}`.padEnd(30) + spec.description)
    .join('\n');
}
