/**
 * Seed data: one JSON file per namespace and group, `<data>/<namespace>/<group>.json`, holding
 * `{ "<item>": value }`. A string value is stored as its text; any other JSON value as its JSON
 * text (what `putJson` would write). A seed file is applied when it is new or its content changed
 * since it was last applied (the store's ledger), so the worker's own writes survive restarts and
 * an edited seed file still wins for the items it names.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { EdgeKvError } from '../errors.ts';
import { nameProblem } from './names.ts';
import type { EdgeKvStore } from './store/store.ts';

/** Seed data given in code (a test): namespace → group → item → value. */
export type EdgeKvSeedData = Record<string, Record<string, Record<string, unknown>>>;

export interface SeedFile {
  /** Path relative to the data folder, with `/`. */
  file: string;
  namespace: string;
  group: string;
  items: Map<string, Uint8Array>;
  hash: string;
}

const encoder = new TextEncoder();

/** The bytes EdgeKV would hold for a seed value. */
export function valueBytes(value: unknown): Uint8Array {
  return encoder.encode(typeof value === 'string' ? value : JSON.stringify(value));
}

function seedItems(where: string, parsed: unknown): Map<string, Uint8Array> {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new EdgeKvError('WEFT_EDGEKV_BAD_SEED', `${where}: expected an object of items, { "<item>": value }, got ${Array.isArray(parsed) ? 'an array' : String(parsed === null ? 'null' : typeof parsed)}`);
  }
  const items = new Map<string, Uint8Array>();
  for (const [item, value] of Object.entries(parsed)) {
    const problem = nameProblem('item', item);
    if (problem !== undefined) throw new EdgeKvError('WEFT_EDGEKV_BAD_SEED', `${where}: ${problem}`);
    if (value === undefined || value === null) throw new EdgeKvError('WEFT_EDGEKV_BAD_SEED', `${where}: item "${item}" is null; give it a value, or leave it out`);
    items.set(item, valueBytes(value));
  }
  return items;
}

const hidden = (name: string): boolean => name.startsWith('.') || /^readme/i.test(name);

/** Paths of the seed files in a data folder, unparsed (what a change must reseed for). */
export function seedFilePaths(dataDir: string): string[] {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) return [];
  return readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .map((name) => path.join(dataDir, name));
}

/** Reads every seed file of a data folder (none when the folder does not exist). */
export function readSeedFolder(dataDir: string): SeedFile[] {
  if (!existsSync(dataDir)) return [];
  if (!statSync(dataDir).isDirectory()) throw new EdgeKvError('WEFT_EDGEKV_BAD_SEED', `${dataDir} is a file; the EdgeKV data folder holds <namespace>/<group>.json files`);
  const files: SeedFile[] = [];
  for (const namespace of readdirSync(dataDir).filter((name) => !hidden(name)).sort()) {
    const nsDir = path.join(dataDir, namespace);
    if (!statSync(nsDir).isDirectory()) {
      throw new EdgeKvError('WEFT_EDGEKV_BAD_SEED', `${nsDir}: expected a namespace folder holding <group>.json files (layout: ${path.basename(dataDir)}/<namespace>/<group>.json)`);
    }
    const nsProblem = nameProblem('namespace', namespace);
    if (nsProblem !== undefined) throw new EdgeKvError('WEFT_EDGEKV_BAD_SEED', `${nsDir}: ${nsProblem}`);
    for (const entry of readdirSync(nsDir).filter((name) => !hidden(name)).sort()) {
      const file = path.join(nsDir, entry);
      if (!entry.endsWith('.json') || !statSync(file).isFile()) {
        throw new EdgeKvError('WEFT_EDGEKV_BAD_SEED', `${file}: expected <group>.json files in a namespace folder; move or rename it`);
      }
      const group = entry.slice(0, -'.json'.length);
      const groupProblem = nameProblem('group', group);
      if (groupProblem !== undefined) throw new EdgeKvError('WEFT_EDGEKV_BAD_SEED', `${file}: ${groupProblem}`);
      const text = readFileSync(file, 'utf8');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new EdgeKvError('WEFT_EDGEKV_BAD_SEED', `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      }
      const hash = createHash('sha256').update(text).digest('hex');
      files.push({ file: `${namespace}/${entry}`, namespace, group, items: seedItems(file, parsed), hash });
    }
  }
  return files;
}

/** Applies the seed files that are new or changed since last time; returns how many items were written. */
export async function applySeedFiles(store: EdgeKvStore, files: readonly SeedFile[]): Promise<number> {
  const ledger = await store.readLedger();
  let written = 0;
  let changed = false;
  for (const seed of files) {
    if (ledger[seed.file] === seed.hash) continue;
    changed = true;
    for (const [item, value] of seed.items) {
      await store.put({ namespace: seed.namespace, group: seed.group, item }, value);
      written += 1;
    }
    ledger[seed.file] = seed.hash;
  }
  if (changed) await store.writeLedger(ledger);
  return written;
}

/** Writes seed data given in code, checking every name. */
export async function applySeedData(store: EdgeKvStore, data: EdgeKvSeedData, sandboxId?: string): Promise<number> {
  let written = 0;
  for (const [namespace, groups] of Object.entries(data)) {
    for (const [group, items] of Object.entries(groups)) {
      const where = `seed ${namespace}/${group}`;
      for (const problem of [nameProblem('namespace', namespace), nameProblem('group', group)]) {
        if (problem !== undefined) throw new EdgeKvError('WEFT_EDGEKV_BAD_SEED', `${where}: ${problem}`);
      }
      for (const [item, value] of seedItems(where, items)) {
        await store.put({ namespace, group, item, sandboxId }, value);
        written += 1;
      }
    }
  }
  return written;
}
