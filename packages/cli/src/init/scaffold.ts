/** Writes the templates into a folder, refusing to overwrite anything that is already there. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InitConflictError } from '../errors.ts';
import { findWorkspaceRoot } from '../workspace.ts';
import { templates } from './templates.ts';

const NAME = /^[a-z0-9][a-z0-9._-]*$/;

export interface ScaffoldResult {
  dir: string;
  name: string;
  files: string[];
  inWorkspace: boolean;
}

export function scaffold(target: string, options: { name?: string } = {}): ScaffoldResult {
  const dir = path.resolve(target);
  const name = options.name ?? path.basename(dir).toLowerCase();
  if (!NAME.test(name)) {
    throw new InitConflictError(`"${name}" cannot name a worker: use lower-case letters, digits, ".", "_" or "-" (pass --name my-worker)`);
  }
  const root = findWorkspaceRoot(path.dirname(dir));
  const inWorkspace = existsSync(path.join(root, 'pnpm-workspace.yaml')) && dir.startsWith(`${root}${path.sep}`);
  const files = templates({ name, depVersion: inWorkspace ? 'workspace:*' : '^0.1.0' });
  const conflicts = Object.keys(files).filter((file) => existsSync(path.join(dir, file)));
  if (conflicts.length > 0) {
    throw new InitConflictError(`weft init will not overwrite existing files in ${dir}: ${conflicts.join(', ')}; choose an empty folder or move them away`);
  }
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content, { flag: 'wx' });
  }
  return { dir, name, files: Object.keys(files), inWorkspace };
}
