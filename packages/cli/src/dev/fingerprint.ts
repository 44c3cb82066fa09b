/**
 * The modification times of a build's inputs. The dev server compares them on each request, so a
 * saved change is served on the very next request even if the file watcher has not fired yet.
 */
import { statSync } from 'node:fs';

export type Fingerprint = Map<string, number>;

export function fingerprint(files: readonly string[]): Fingerprint {
  const stamps: Fingerprint = new Map();
  for (const file of files) stamps.set(file, mtimeOf(file));
  return stamps;
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch (error) {
    // A deleted (or not yet created) input is a change like any other; anything else is reported.
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return -1;
    throw error;
  }
}

export function changedSince(stamps: Fingerprint): boolean {
  for (const [file, mtime] of stamps) if (mtimeOf(file) !== mtime) return true;
  return false;
}
