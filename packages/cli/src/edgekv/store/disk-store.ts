/**
 * An EdgeKV store on disk, one file per item: `<root>/<namespace>/<group>/<item>` holds the value's
 * bytes, sandboxes live under `<root>/.sandboxes/<id>/`, and `<root>/.seeded.json` records which
 * seed files were applied. Names are limited to A-Z a-z 0-9 _ - (the helper's rules), so they are
 * safe as file names and can never reach the dot-prefixed entries. Nothing is cached in memory: a
 * `weft kv put` is seen by a running `weft dev` at once.
 */
import { mkdir, readdir, readFile, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EDGEKV_NAME_RULES } from '@weft/runtime';
import type { EdgeKvKey, EdgeKvStore, SeedLedger } from './store.ts';

const LEDGER = '.seeded.json';
const SANDBOXES = '.sandboxes';

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export class DiskEdgeKvStore implements EdgeKvStore {
  readonly location: string;

  constructor(root: string) {
    this.location = path.resolve(root);
  }

  #space(sandboxId: string | undefined): string {
    return sandboxId === undefined ? this.location : path.join(this.location, SANDBOXES, sandboxId);
  }

  #file(key: EdgeKvKey): string {
    return path.join(this.#space(key.sandboxId), key.namespace, key.group, key.item);
  }

  async get(key: EdgeKvKey): Promise<Uint8Array<ArrayBuffer> | undefined> {
    try {
      return new Uint8Array(await readFile(this.#file(key)));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async put(key: EdgeKvKey, value: Uint8Array): Promise<void> {
    const file = this.#file(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Write then rename, so a reader (or a crash) never sees half a value.
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, value);
    await rename(temp, file);
  }

  async delete(key: EdgeKvKey): Promise<boolean> {
    const file = this.#file(key);
    try {
      await unlink(file);
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    // A group or namespace exists only while it holds items, as in EdgeKV's listings.
    for (const dir of [path.dirname(file), path.dirname(path.dirname(file))]) {
      try {
        await rmdir(dir);
      } catch (error) {
        // ENOTEMPTY: the folder still holds items, so it stays (and so does its parent).
        if ((error as { code?: unknown }).code === 'ENOTEMPTY' || (error as { code?: unknown }).code === 'EEXIST' || isMissing(error)) break;
        throw error;
      }
    }
    return true;
  }

  async #list(dir: string, kind: 'dir' | 'file', pattern: RegExp): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    return entries
      .filter((entry) => (kind === 'dir' ? entry.isDirectory() : entry.isFile()) && pattern.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  }

  namespaces(sandboxId?: string): Promise<string[]> {
    return this.#list(this.#space(sandboxId), 'dir', EDGEKV_NAME_RULES.namespace.pattern);
  }

  groups(namespace: string, sandboxId?: string): Promise<string[]> {
    return this.#list(path.join(this.#space(sandboxId), namespace), 'dir', EDGEKV_NAME_RULES.group.pattern);
  }

  items(namespace: string, group: string, sandboxId?: string): Promise<string[]> {
    return this.#list(path.join(this.#space(sandboxId), namespace, group), 'file', EDGEKV_NAME_RULES.item.pattern);
  }

  async clear(): Promise<void> {
    await rm(this.location, { recursive: true, force: true });
  }

  async readLedger(): Promise<SeedLedger> {
    try {
      const parsed = JSON.parse(await readFile(path.join(this.location, LEDGER), 'utf8')) as unknown;
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as SeedLedger) : {};
    } catch (error) {
      // A missing or damaged ledger only means every seed file is applied again; an unreadable one is reported.
      if (isMissing(error) || error instanceof SyntaxError) return {};
      throw error;
    }
  }

  async writeLedger(ledger: SeedLedger): Promise<void> {
    await mkdir(this.location, { recursive: true });
    await writeFile(path.join(this.location, LEDGER), `${JSON.stringify(ledger, null, 2)}\n`);
  }
}
