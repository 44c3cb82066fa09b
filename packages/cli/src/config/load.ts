/**
 * Finds, imports (compiled with esbuild, see compile.ts) and validates an app's `weft.config.ts`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { importConfigModule } from './compile.ts';
import { ConfigError } from '../errors.ts';
import { formatIssues } from './format-issues.ts';
import { danglingMockRefs, weftConfig, type WeftConfig } from './schema.ts';

export const CONFIG_NAMES = ['weft.config.ts', 'weft.config.mts', 'weft.config.js', 'weft.config.mjs'] as const;

/** A validated config plus where it came from; paths in it are resolved against `dir`. */
export interface LoadedConfig {
  file: string;
  dir: string;
  name: string;
  config: WeftConfig;
  /** Absolute path of the worker entry. */
  entry: string;
}

export function findConfigFile(dir: string): string | undefined {
  for (const name of CONFIG_NAMES) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Validates an already-imported config value; throws a ConfigError listing every issue. */
export function parseConfig(value: unknown, file: string, options: { externalMocks?: readonly string[] } = {}): WeftConfig {
  const result = weftConfig.safeParse(value);
  const lines = result.success ? danglingMockRefs(result.data, options.externalMocks) : formatIssues(result.error.issues, value);
  if (result.success && lines.length === 0) return result.data;
  const shown = path.relative(process.cwd(), file) || file;
  throw new ConfigError(file, `invalid config ${shown}:\n${lines.map((line) => `  - ${line}`).join('\n')}`);
}

export async function loadConfigFile(file: string): Promise<LoadedConfig> {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new ConfigError(absolute, `config file ${absolute} does not exist`);
  let module: { default?: unknown };
  try {
    module = await importConfigModule(absolute);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(absolute, `cannot load config ${absolute}: ${reason}`, { cause: error });
  }
  const exported = module.default;
  if (exported === undefined) {
    throw new ConfigError(absolute, `config ${absolute} has no default export; write \`export default defineConfig({ ... })\``);
  }
  const config = parseConfig(exported, absolute);
  const dir = path.dirname(absolute);
  const entry = path.resolve(dir, config.entry);
  if (!existsSync(entry)) {
    throw new ConfigError(absolute, `invalid config ${absolute}:\n  - entry: the file ${entry} does not exist`);
  }
  return { file: absolute, dir, name: config.name ?? path.basename(dir), config, entry };
}

/** Loads the config of the app in `dir`. */
export async function loadAppConfig(dir: string): Promise<LoadedConfig> {
  const file = findConfigFile(dir);
  if (file === undefined) {
    throw new ConfigError(path.join(dir, CONFIG_NAMES[0]), `no weft.config.ts in ${dir}; create one (see \`weft init\`)`);
  }
  return loadConfigFile(file);
}
