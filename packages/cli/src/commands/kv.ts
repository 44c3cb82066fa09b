/**
 * `weft kv <verb>`: the local EdgeKV store's data verbs, after the vendor CLI's (`akamai edgekv
 * list | read | write | delete | create token`). It works on the app's store on disk, with the
 * app's seed files applied first, so it shows what the worker reads; a running `weft dev` sees
 * its changes at once.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WeftError } from '@weft/platform';
import type { FlagSpecs, ParsedFlags } from '../args.ts';
import { reportError, runCommand, type CommandSpec } from '../command.ts';
import { closest } from '../suggest.ts';
import { findConfigFile, loadConfigFile } from '../config/load.ts';
import { edgeKvSettings, openEdgeKvStore } from '../edgekv/local.ts';
import { checkName } from '../edgekv/names.ts';
import { DiskEdgeKvStore } from '../edgekv/store/disk-store.ts';
import type { EdgeKvStore } from '../edgekv/store/store.ts';
import { createLocalToken, type Permission } from '../edgekv/tokens.ts';
import { readTokensFile, renderTokensFile, TOKENS_FILE } from '../edgekv/tokens-file.ts';
import { findWorkspaceRoot, listApps, resolveApp } from '../workspace.ts';

const WHERE = {
  app: { type: 'string', value: 'APP', description: 'the app (a name under apps/ or a folder); default: the app in the current folder' },
  store: { type: 'string', value: 'DIR', description: 'work on this store folder instead of an app\'s (no seed files)' },
  sandbox: { type: 'string', value: 'ID', description: 'a sandbox\'s data instead of the app\'s (as ?sandboxId=ID)' },
} as const satisfies FlagSpecs;

const PUT = {
  file: { type: 'string', value: 'FILE', description: 'read the value from FILE' },
  json: { type: 'boolean', description: 'the value must be JSON (as the vendor\'s `write jsonfile`)' },
} as const satisfies FlagSpecs;

const TOKEN = {
  app: WHERE.app,
  store: WHERE.store,
  out: { type: 'string', value: 'DIR', description: `folder for ${TOKENS_FILE} (default: the folder of the app's entry)` },
  name: { type: 'string', value: 'NAME', description: 'the token\'s name (default weft-local)' },
  permissions: { type: 'string', value: 'rwd', description: 'r read, w write, d delete (default rwd)' },
  days: { type: 'number', value: 'N', description: 'days until it expires (default 365)' },
  overwrite: { type: 'boolean', description: `replace ${TOKENS_FILE} instead of keeping its other namespaces` },
} as const satisfies FlagSpecs;

const FLAGS = { ...WHERE, ...PUT, ...TOKEN } as const satisfies FlagSpecs;

const DATA_NOTE = 'Data: seed files <app>/edgekv/<namespace>/<group>.json, written through to <app>/.weft/edgekv/ (docs/edgekv.md).';

/** Each verb's help and flags: `weft kv <verb> --help`. */
const VERB_SPECS = {
  list: {
    name: 'kv list',
    synopsis: 'kv list namespaces | groups <namespace> | items <namespace> <group> [options]',
    summary: 'Lists the namespaces that hold items, the groups of a namespace, or the items of a group.',
    notes: [DATA_NOTE],
    flags: WHERE,
    examples: [['weft kv list namespaces', 'in an app\'s folder'], ['weft kv list items shop prices --app my-app', 'from the workspace root']],
  },
  get: {
    name: 'kv get',
    synopsis: 'kv get <namespace> <group> <item> [options]',
    summary: 'Prints an item\'s value; exit status 1 when there is no such item.',
    notes: [DATA_NOTE],
    flags: WHERE,
    examples: [['weft kv get shop prices apple', 'the value of shop/prices/apple']],
  },
  put: {
    name: 'kv put',
    synopsis: 'kv put <namespace> <group> <item> (<value> | --file FILE) [options]',
    summary: 'Writes an item: a text value, or a file\'s content; a running weft dev sees it at once.',
    notes: [DATA_NOTE],
    flags: { ...WHERE, ...PUT },
    examples: [['weft kv put shop prices apple 1.20', 'a text value'], ['weft kv put shop prices pear --file pear.json --json', 'a JSON file, checked to be JSON']],
  },
  delete: {
    name: 'kv delete',
    synopsis: 'kv delete <namespace> <group> <item> [options]',
    summary: 'Deletes an item; exit status 1 when there is no such item.',
    notes: [DATA_NOTE],
    flags: WHERE,
    examples: [['weft kv delete shop prices apple', 'removes shop/prices/apple']],
  },
  token: {
    name: 'kv token',
    synopsis: 'kv token <namespace>... [options]',
    summary: `Writes ${TOKENS_FILE} with a local token for the namespaces, for Akamai's edgekv.js helper.`,
    flags: TOKEN,
    examples: [['weft kv token shop', `${TOKENS_FILE} beside the app's entry`], ['weft kv token shop users --permissions r --days 30 --app my-app', 'read-only, 30 days']],
  },
} as const satisfies Record<string, CommandSpec<FlagSpecs>>;

type Verb = keyof typeof VERB_SPECS;

export const KV = {
  name: 'kv',
  synopsis: 'kv <verb> [arguments] [options]',
  summary: 'Reads and writes the local EdgeKV store of an app, as the vendor CLI does its data. Verbs (each has --help):',
  notes: [
    'list namespaces | list groups <ns> | list items <ns> <group>',
    'get <ns> <group> <item>',
    'put <ns> <group> <item> <value>        (or --file FILE; --json to require JSON)',
    'delete <ns> <group> <item>',
    `token <ns>...                          (writes ${TOKENS_FILE})`,
    DATA_NOTE,
  ],
  flags: {},
  examples: [['weft kv list namespaces', 'in an app\'s folder'], ['weft kv put shop prices apple 1.20 --app my-app', 'from the workspace root'], ['weft kv get --help', 'one verb\'s flags and examples']],
} as const satisfies CommandSpec<FlagSpecs>;

type Flags = ParsedFlags<typeof FLAGS>;

class KvUsageError extends WeftError {
  constructor(message: string) {
    super('WEFT_EDGEKV_USAGE', message);
  }
}

interface Target {
  store: EdgeKvStore;
  /** Where `token` writes by default. */
  tokenDir: string;
}

async function openTarget(flags: Flags): Promise<Target> {
  if (flags.store !== undefined) return { store: new DiskEdgeKvStore(path.resolve(flags.store)), tokenDir: process.cwd() };
  let configFile: string | undefined;
  if (flags.app !== undefined) configFile = findConfigFile(resolveApp(findWorkspaceRoot(), flags.app).dir);
  else {
    configFile = findConfigFile(process.cwd());
    if (configFile === undefined) {
      const apps = listApps(findWorkspaceRoot());
      if (apps.length !== 1) throw new KvUsageError(`no weft.config.ts in ${process.cwd()}; name the app with --app APP (apps: ${apps.map((app) => app.name).join(', ') || 'none'}) or a store folder with --store DIR`);
      configFile = findConfigFile(apps[0]?.dir ?? '');
    }
  }
  if (configFile === undefined) throw new KvUsageError('the app has no weft.config.ts');
  const app = await loadConfigFile(configFile);
  const settings = edgeKvSettings(app.dir, app.config.edgekv, true);
  if (settings === undefined) throw new KvUsageError('EdgeKV settings could not be resolved');
  return { store: (await openEdgeKvStore(settings)).store, tokenDir: path.dirname(app.entry) };
}

function args(positionals: readonly string[], count: number, shape: string): string[] {
  if (positionals.length !== count) throw new KvUsageError(`expected ${shape}, got ${positionals.length === 0 ? 'nothing' : positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  return [...positionals];
}

function itemKey(positionals: readonly string[], verb: string, flags: Flags): { namespace: string; group: string; item: string; sandboxId: string | undefined } {
  const [namespace = '', group = '', item = ''] = args(positionals, 3, `weft kv ${verb} <namespace> <group> <item>`);
  return { namespace: checkName('namespace', namespace), group: checkName('group', group), item: checkName('item', item), sandboxId: flags.sandbox };
}

async function list(target: Target, positionals: readonly string[], flags: Flags): Promise<number> {
  const [what, ...rest] = positionals;
  let names: string[];
  if (what === 'namespaces' || what === 'ns') {
    args(rest, 0, 'weft kv list namespaces');
    names = await target.store.namespaces(flags.sandbox);
  } else if (what === 'groups') {
    const [namespace = ''] = args(rest, 1, 'weft kv list groups <namespace>');
    names = await target.store.groups(checkName('namespace', namespace), flags.sandbox);
  } else if (what === 'items') {
    const [namespace = '', group = ''] = args(rest, 2, 'weft kv list items <namespace> <group>');
    names = await target.store.items(checkName('namespace', namespace), checkName('group', group), flags.sandbox);
  } else {
    throw new KvUsageError(`list what? expected namespaces, groups or items, got ${what === undefined ? 'nothing' : JSON.stringify(what)}`);
  }
  if (names.length > 0) process.stdout.write(`${names.join('\n')}\n`);
  return 0;
}

function putValue(positionals: readonly string[], flags: Flags): { key: ReturnType<typeof itemKey>; text: string } {
  const fromFile = flags.file !== undefined;
  const shape = fromFile ? 'weft kv put <namespace> <group> <item> --file FILE' : 'weft kv put <namespace> <group> <item> <value>';
  const given = args(positionals, fromFile ? 3 : 4, shape);
  const key = itemKey(given.slice(0, 3), 'put', flags);
  let text: string;
  if (flags.file !== undefined) {
    if (!existsSync(flags.file)) throw new KvUsageError(`--file ${flags.file}: no such file`);
    text = readFileSync(flags.file, 'utf8');
  } else {
    text = given[3] ?? '';
  }
  if (flags.json === true) {
    try {
      JSON.parse(text);
    } catch (error) {
      throw new KvUsageError(`--json: the value is not valid JSON (${error instanceof Error ? error.message : String(error)}); drop --json to store it as text`);
    }
  }
  return { key, text };
}

const PERMISSIONS = /^[rwd]{1,3}$/;

function writeToken(target: Target, namespaces: readonly string[], flags: Flags): number {
  if (namespaces.length === 0) throw new KvUsageError('name the namespaces the token grants: weft kv token <namespace>...');
  const permissions = flags.permissions ?? 'rwd';
  if (!PERMISSIONS.test(permissions)) throw new KvUsageError(`--permissions must be letters of r (read), w (write), d (delete), e.g. rwd or r; got ${JSON.stringify(permissions)}`);
  const days = flags.days ?? 365;
  if (!(Number.isInteger(days) && days >= 1)) throw new KvUsageError(`--days must be a whole number of days from 1, got ${days}`);
  const granted = [...new Set(permissions)] as Permission[];
  const name = flags.name ?? 'weft-local';
  const value = createLocalToken({ name, namespaces: Object.fromEntries(namespaces.map((ns) => [checkName('namespace', ns), granted])), expiresAt: new Date(Date.now() + days * 86_400_000) });
  const dir = path.resolve(flags.out ?? target.tokenDir);
  const file = path.join(dir, TOKENS_FILE);
  const entries = flags.overwrite === true ? {} : readTokensFile(file);
  for (const ns of namespaces) entries[`namespace-${ns}`] = { name, value };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, renderTokensFile(entries));
  process.stdout.write(`wrote ${path.relative(process.cwd(), file) || file}: ${namespaces.map((ns) => `namespace-${ns}`).join(', ')} (${granted.join('')}, expires in ${days} days)\n`);
  return 0;
}

async function dispatch(verb: Verb, positionals: string[], flags: Flags): Promise<number> {
  const target = await openTarget(flags);
  switch (verb) {
    case 'list':
      return list(target, positionals, flags);
    case 'get': {
      const key = itemKey(positionals, 'get', flags);
      const value = await target.store.get(key);
      if (value === undefined) {
        process.stderr.write(`weft kv get: no item ${key.namespace}/${key.group}/${key.item} in ${target.store.location}\n`);
        return 1;
      }
      process.stdout.write(Buffer.from(value));
      return 0;
    }
    case 'put': {
      const { key, text } = putValue(positionals, flags);
      const bytes = new TextEncoder().encode(text);
      await target.store.put(key, bytes);
      process.stdout.write(`put ${key.namespace}/${key.group}/${key.item} (${bytes.byteLength} bytes)\n`);
      return 0;
    }
    case 'delete': {
      const key = itemKey(positionals, 'delete', flags);
      if (!(await target.store.delete(key))) {
        process.stderr.write(`weft kv delete: no item ${key.namespace}/${key.group}/${key.item} to delete\n`);
        return 1;
      }
      process.stdout.write(`deleted ${key.namespace}/${key.group}/${key.item}\n`);
      return 0;
    }
    case 'token':
      return writeToken(target, positionals, flags);
  }
}

function isVerb(name: string): name is Verb {
  return Object.hasOwn(VERB_SPECS, name);
}

function unknownVerb(word: string): KvUsageError {
  const guess = closest(word, Object.keys(VERB_SPECS));
  return new KvUsageError(`unknown verb "${word}"${guess === undefined ? `; the verbs are ${Object.keys(VERB_SPECS).join(', ')}` : `; did you mean \`weft kv ${guess}\`?`}`);
}

export function run(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  // `weft kv help get` reads as `weft kv get --help`.
  if (verb === 'help') return run(rest[0] === undefined ? ['--help'] : [rest[0], '--help']);
  if (verb !== undefined && isVerb(verb)) {
    const spec: CommandSpec<FlagSpecs> = VERB_SPECS[verb];
    // Each verb's flags are a part of FLAGS: what it parsed reads as Flags.
    return runCommand(spec, rest, ({ positionals, flags }) => dispatch(verb, positionals, flags as Flags));
  }
  if (verb !== undefined && !verb.startsWith('-')) return Promise.resolve(reportError('kv', unknownVerb(verb)));
  return runCommand(KV, argv, async ({ positionals }) => {
    const [word] = positionals;
    throw word === undefined ? new KvUsageError(`name a verb: ${Object.keys(VERB_SPECS).join(', ')}`) : unknownVerb(word);
  });
}
