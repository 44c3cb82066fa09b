/**
 * Watches an app folder (inotify through fs.watch, recursive) and calls back with changed paths,
 * skipping what never affects a build: node_modules (where the config loader also writes its
 * compiled configs), dist and VCS folders.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

const IGNORED = /(^|[\\/])(node_modules|dist|\.git|\.weft)([\\/]|$)/;

export function watchApp(dir: string, onChange: (file: string) => void): FSWatcher {
  const watcher = watch(dir, { recursive: true }, (_event, name) => {
    if (name === null) return;
    const file = String(name);
    if (IGNORED.test(file)) return;
    onChange(path.join(dir, file));
  });
  watcher.on('error', () => undefined);
  return watcher;
}
