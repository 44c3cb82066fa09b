/**
 * An app's local EdgeKV: its settings (the config's `edgekv` section, paths resolved against the
 * app folder), its store (on disk under `.weft/edgekv/` unless a caller brings one), its seed files
 * applied, and the service listening. Used by `weft dev`, `weft serve`, `weft kv` and @weft/testing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatIssues } from '../config/format-issues.ts';
import { EdgeKvError } from '../errors.ts';
import { edgeKvConfigSchema, type EdgeKvConfig, type EdgeKvConfigInput } from './config.ts';
import { applySeedFiles, readSeedFolder } from './seed.ts';
import type { RunningEdgeKvService } from './service/start.ts';
import { DiskEdgeKvStore } from './store/disk-store.ts';
import type { EdgeKvStore } from './store/store.ts';

export interface EdgeKvSettings {
  config: EdgeKvConfig;
  /** Absolute seed folder. */
  dataDir: string;
  /** Absolute store folder. */
  storeDir: string;
}

/**
 * The app's EdgeKV settings, or undefined when the app does not use EdgeKV: no `edgekv` section
 * and no seed folder (unless `always`).
 */
export function edgeKvSettings(appDir: string, section: EdgeKvConfigInput | undefined, always = false): EdgeKvSettings | undefined {
  const parsed = edgeKvConfigSchema.safeParse(section ?? {});
  if (!parsed.success) {
    throw new EdgeKvError('WEFT_EDGEKV_CONFIG', `invalid edgekv settings:\n${formatIssues(parsed.error.issues, section).map((line) => `  - edgekv.${line}`).join('\n')}`);
  }
  const config = parsed.data;
  const dataDir = path.resolve(appDir, config.data);
  if (section === undefined && !always && !existsSync(dataDir)) return undefined;
  return { config, dataDir, storeDir: path.resolve(appDir, config.store) };
}

/** The store of these settings, with the seed folder applied. */
export async function openEdgeKvStore(settings: EdgeKvSettings, store?: EdgeKvStore): Promise<{ store: EdgeKvStore; seeded: number }> {
  const opened = store ?? new DiskEdgeKvStore(settings.storeDir);
  const seeded = await applySeedFiles(opened, readSeedFolder(settings.dataDir));
  return { store: opened, seeded };
}

export interface LocalEdgeKv extends RunningEdgeKvService {
  store: EdgeKvStore;
  settings: EdgeKvSettings;
  /** Items written from seed files at start. */
  seeded: number;
}

export async function startLocalEdgeKv(settings: EdgeKvSettings, options: { store?: EdgeKvStore; now?: () => number } = {}): Promise<LocalEdgeKv> {
  const { store, seeded } = await openEdgeKvStore(settings, options.store);
  // Loaded here, not above: the service (Hono and its node server) is only for apps that use EdgeKV.
  const { startEdgeKvService } = await import('./service/start.ts');
  const service = await startEdgeKvService({ store, config: settings.config, ...(options.now === undefined ? {} : { now: options.now }) });
  return { ...service, store, settings, seeded };
}
