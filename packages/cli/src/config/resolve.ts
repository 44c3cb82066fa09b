/**
 * From an app's config to the options the runtime reads: `mock:<name>` references become the
 * loopback URLs of the running mocks, and only the runtime's own keys are passed on.
 */
import type { RuntimeOptionsInput } from '@weft/runtime';
import { ConfigError } from '../errors.ts';
import { resolveAppHosts, type AppDirectory } from './app-hosts.ts';
import { MOCK_REF, RUNTIME_KEYS } from './runtime-options.ts';
import type { WeftConfig } from './schema.ts';

export type MockUrls = ReadonlyMap<string, string>;

function resolveRef(value: string, mocks: MockUrls, file: string, key: string): string {
  const match = MOCK_REF.exec(value);
  if (match === null) return value;
  const url = mocks.get(match[1] ?? '');
  if (url === undefined) throw new ConfigError(file, `${key}: "${value}" names a mock that is not running`);
  return url;
}

function resolveRecord(record: Record<string, string> | undefined, mocks: MockUrls, file: string, key: string): Record<string, string> | undefined {
  if (record === undefined) return undefined;
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, resolveRef(value, mocks, file, `${key}.${name}`)]));
}

/** `apps`: the apps `weft dev` serves, which `app:<name>` hosts name (config/app-hosts.ts); none elsewhere. */
export function toRuntimeOptions(config: WeftConfig, mocks: MockUrls, file: string, apps?: AppDirectory): RuntimeOptionsInput {
  const picked: Record<string, unknown> = {};
  for (const key of RUNTIME_KEYS) {
    if (config[key] !== undefined) picked[key] = config[key];
  }
  const options = picked as RuntimeOptionsInput;
  if (config.origin !== undefined) options.origin = resolveRef(config.origin, mocks, file, 'origin');
  if (config.hosts !== undefined) {
    const { hosts, subWorkers } = resolveAppHosts(config.hosts, apps, file);
    options.hosts = resolveRecord(hosts, mocks, file, 'hosts');
    if (Object.keys(subWorkers).length > 0) options.subWorkers = { ...config.subWorkers, ...subWorkers };
  }
  options.originIds = resolveRecord(config.originIds, mocks, file, 'originIds');
  return options;
}
