/**
 * Where apps live: the workspace root is the nearest folder up from the working directory with a
 * `pnpm-workspace.yaml` (else the working directory), and an app is a folder of `apps/` holding a
 * `weft.config.ts`. A command may also name an app folder by path.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { findConfigFile } from './config/load.ts';
import { UnknownAppError } from './errors.ts';

export function findWorkspaceRoot(from: string = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}

export interface AppRef {
  name: string;
  dir: string;
}

export function listApps(root: string): AppRef[] {
  const appsDir = path.join(root, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && findConfigFile(path.join(appsDir, entry.name)) !== undefined)
    .map((entry) => ({ name: entry.name, dir: path.join(appsDir, entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** An app by name (a folder of apps/) or by path (any folder with a weft.config.ts). */
export function resolveApp(root: string, nameOrPath: string): AppRef {
  const byName = listApps(root).find((app) => app.name === nameOrPath);
  if (byName !== undefined) return byName;
  const asPath = path.resolve(nameOrPath);
  if (existsSync(asPath) && statSync(asPath).isDirectory() && findConfigFile(asPath) !== undefined) {
    return { name: path.basename(asPath), dir: asPath };
  }
  throw new UnknownAppError(nameOrPath, listApps(root).map((app) => app.name));
}
