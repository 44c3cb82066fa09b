/**
 * Where apps live. An app is a folder holding a `weft.config.ts`. The workspace root is the nearest
 * folder up from the working directory with a `weft.workspace.json` or a `pnpm-workspace.yaml`
 * (else the working directory); its apps are the folders `weft.workspace.json` lists, or else
 * the folders of `apps/`. A command run inside an app's own folder works on that app, and any
 * command may name an app folder by path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { findConfigFile } from './config/load.ts';
import { ConfigError, UnknownAppError } from './errors.ts';

/** The root config that names a workspace's apps: `{ "apps": ["workers/checkout", ...] }`, folders relative to it. */
export const WORKSPACE_FILE = 'weft.workspace.json';

export function findWorkspaceRoot(from: string = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, WORKSPACE_FILE)) || existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}

export interface AppRef {
  name: string;
  dir: string;
}

/** The folders a root's weft.workspace.json names, each checked to hold a weft.config.ts. */
function listedApps(file: string): AppRef[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(file, `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const apps = typeof value === 'object' && value !== null ? (value as { apps?: unknown }).apps : undefined;
  if (!Array.isArray(apps) || !apps.every((entry) => typeof entry === 'string' && entry !== '')) {
    throw new ConfigError(file, `invalid ${file}: write { "apps": ["path/to/app", ...] }, each a folder (relative to the file) holding a weft.config.ts`);
  }
  const root = path.dirname(file);
  return (apps as string[]).map((entry) => {
    const dir = path.resolve(root, entry);
    if (findConfigFile(dir) === undefined) throw new ConfigError(file, `invalid ${file}: apps: "${entry}" has no weft.config.ts (looked in ${dir})`);
    return { name: path.basename(dir), dir };
  });
}

export function listApps(root: string): AppRef[] {
  const listed = path.join(root, WORKSPACE_FILE);
  if (existsSync(listed)) return listedApps(listed);
  const appsDir = path.join(root, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && findConfigFile(path.join(appsDir, entry.name)) !== undefined)
    .map((entry) => ({ name: entry.name, dir: path.join(appsDir, entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The apps a command works on when none is named: the app whose folder it runs in, else the workspace's. */
export function appsHere(cwd: string = process.cwd()): AppRef[] {
  const here = path.resolve(cwd);
  if (findConfigFile(here) !== undefined) return [{ name: path.basename(here), dir: here }];
  return listApps(findWorkspaceRoot(here));
}

/** Where a workspace's apps were looked for, for a message that none was found. */
export function appsPlace(root: string): string {
  const listed = path.join(root, WORKSPACE_FILE);
  return existsSync(listed) ? listed : path.join(root, 'apps');
}

/** An app by name (one of the workspace's apps) or by path (any folder with a weft.config.ts). */
export function resolveApp(root: string, nameOrPath: string): AppRef {
  const byName = listApps(root).find((app) => app.name === nameOrPath);
  if (byName !== undefined) return byName;
  const asPath = path.resolve(nameOrPath);
  if (existsSync(asPath) && statSync(asPath).isDirectory() && findConfigFile(asPath) !== undefined) {
    return { name: path.basename(asPath), dir: asPath };
  }
  throw new UnknownAppError(nameOrPath, listApps(root).map((app) => app.name));
}
