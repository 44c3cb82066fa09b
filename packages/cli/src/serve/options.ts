/**
 * `weft serve`'s runtime options: a `--config` file (JSON, or a weft.config.ts whose mocks are
 * started here so `mock:<name>` references resolve), then the flags laid over it (docs/decisions.md,
 * local simulation precedence).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, parseRuntimeOptions, type RuntimeOptions, type RuntimeOptionsInput } from '@weft/runtime';
import { ArgsError, splitAssignment } from '../args.ts';
import { loadConfigFile } from '../config/load.ts';
import { toRuntimeOptions } from '../config/resolve.ts';
import type { EdgeKvConfigInput } from '../edgekv/config.ts';
import { edgeKvSettings, type EdgeKvSettings } from '../edgekv/local.ts';
import { mockUrls, startMocks, type RunningMock } from '../mocks/start.ts';

export interface ServeFlags {
  config?: string;
  edgekv?: string;
  origin?: string;
  tier?: number;
  host?: string[];
  'origin-id'?: string[];
  var?: string[];
}

interface ServeConfig {
  options: RuntimeOptionsInput;
  /** The config's `edgekv` section and the folder its paths are relative to. */
  edgekv: { section: EdgeKvConfigInput | undefined; dir: string };
  /** The config's mock origins, running on loopback. */
  mocks: RunningMock[];
}

export interface ServeOptions {
  options: RuntimeOptions;
  edgekv: EdgeKvSettings | undefined;
  /** Started for the config's `mocks`; the caller stops them. */
  mocks: RunningMock[];
}

/** `flagHosts`: hosts `--host` maps, which replace the config's value (an `app:` host among them, which one app cannot serve). */
async function readConfig(file: string, flagHosts: ReadonlySet<string>): Promise<ServeConfig> {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new ArgsError(`--config ${file}: no such file; give a weft.config.ts or a .json file of runtime options`);
  const dir = path.dirname(absolute);
  if (absolute.endsWith('.json')) {
    let parsed: RuntimeOptionsInput & { edgekv?: EdgeKvConfigInput };
    try {
      parsed = JSON.parse(readFileSync(absolute, 'utf8')) as RuntimeOptionsInput & { edgekv?: EdgeKvConfigInput };
    } catch (error) {
      throw new ConfigError(absolute, `--config ${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    // `edgekv` is the CLI's surface (its own schema), not the runtime's.
    const { edgekv, ...options } = parsed;
    return { options, edgekv: { section: edgekv, dir }, mocks: [] };
  }
  const read = await loadConfigFile(absolute);
  const hosts = read.config.hosts === undefined ? undefined : Object.fromEntries(Object.entries(read.config.hosts).filter(([host]) => !flagHosts.has(host)));
  const loaded = { ...read, config: { ...read.config, hosts } };
  // `origin: 'mock:origin'` and friends name these: they run as under `weft dev`.
  const mocks = await startMocks(loaded.config.mocks, loaded.dir);
  try {
    return { options: toRuntimeOptions(loaded.config, mockUrls(mocks), absolute), edgekv: { section: loaded.config.edgekv, dir }, mocks };
  } catch (error) {
    await Promise.all(mocks.map((mock) => mock.close()));
    throw error;
  }
}

/** `--edgekv DIR` (seed folder; the store goes beside it) or the config's `edgekv` section. */
function edgeKvOf(flag: string | undefined, config: ServeConfig['edgekv'] | undefined): EdgeKvSettings | undefined {
  if (flag === undefined) return config?.section === undefined ? undefined : edgeKvSettings(config.dir, config.section, true);
  const data = path.resolve(flag);
  if (existsSync(data) && !statSync(data).isDirectory()) throw new ArgsError(`--edgekv ${flag}: a file; give the folder holding <namespace>/<group>.json seed files`);
  const { data: _data, store: _store, ...rest } = config?.section ?? {};
  return edgeKvSettings(path.dirname(data), { ...rest, data: path.basename(data), store: '.weft/edgekv' }, true);
}

function assignments(flag: string, values: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((values ?? []).map((text) => splitAssignment(flag, text)));
}

/** Reads `--config` (starting its mocks) and lays the flags over it; on any error nothing is left running. */
export async function resolveServeOptions(flags: ServeFlags): Promise<ServeOptions> {
  const config = flags.config === undefined ? undefined : await readConfig(flags.config, new Set(Object.keys(assignments('host', flags.host))));
  const mocks = config?.mocks ?? [];
  try {
    const base = config?.options ?? {};
    const edgekv = edgeKvOf(flags.edgekv, config?.edgekv);
    const input: Record<string, unknown> = {
      ...base,
      hosts: { ...(base.hosts ?? {}), ...assignments('host', flags.host) },
      originIds: { ...(base.originIds ?? {}), ...assignments('origin-id', flags['origin-id']) },
      variables: { ...(base.variables ?? {}), ...assignments('var', flags.var) },
    };
    if (flags.origin !== undefined) input.origin = flags.origin;
    if (flags.tier !== undefined) input.tier = flags.tier;
    return { options: parseOptions(input), edgekv, mocks };
  } catch (error) {
    await Promise.all(mocks.map((mock) => mock.close()));
    throw error;
  }
}

function parseOptions(input: Record<string, unknown>): RuntimeOptions {
  try {
    return parseRuntimeOptions(input);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Name the flag when the bad value came from one: then the command line is what to fix.
    const byKey: Record<string, string> = { origin: '--origin', tier: '--tier', hosts: '--host', originIds: '--origin-id', variables: '--var' };
    const flag = byKey[error.where.split('.')[0] ?? ''];
    if (flag === undefined) throw error;
    throw new ArgsError(`${flag}: ${error.message.replace(/^config "[^"]*": /gm, '')}`);
  }
}
