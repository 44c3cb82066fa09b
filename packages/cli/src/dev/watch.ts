/**
 * Watches an app folder (inotify through fs.watch, recursive) and calls back with changed paths,
 * skipping what never affects a build: node_modules (where the config loader also writes its
 * compiled configs), dist and VCS folders. When watching fails (at start or later), `onError`
 * gets a message that says why and how to fix it; no more changes are reported after that.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

const IGNORED = /(^|[\\/])(node_modules|dist|\.git|\.weft)([\\/]|$)/;

/** What a user can do about each way the system refuses to watch more files. */
const FIXES: Readonly<Record<string, string>> = {
  ENOSPC:
    'the system limit on inotify watches is used up (ENOSPC). Raise it with `sudo sysctl fs.inotify.max_user_watches=524288` ' +
    '(add `fs.inotify.max_user_watches=524288` to /etc/sysctl.conf to keep it after a reboot), or close other programs that watch many files',
  EMFILE:
    'too many inotify instances or open files (EMFILE). Raise the limits with `sudo sysctl fs.inotify.max_user_instances=1024` ' +
    'and `ulimit -n 65536` in the shell that runs weft dev, or close other programs that watch files',
  ENFILE: 'the system is out of file handles (ENFILE). Close other programs, or raise fs.file-max with sysctl',
};

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A message naming the folder, the cause, its fix, and what no longer happens. */
export function describeWatchFailure(dir: string, error: unknown): string {
  const code = codeOf(error);
  const fix = code === undefined ? undefined : FIXES[code];
  const cause = fix ?? (error instanceof Error ? error.message : String(error));
  return `cannot watch ${dir} for changes: ${cause}. Reloads stopped: saving a file no longer rebuilds the app or reloads open pages ` +
    '(a request still picks up a saved change). Restart weft dev once this is fixed.';
}

export function watchApp(dir: string, onChange: (file: string) => void, onError: (message: string, error: unknown) => void): FSWatcher | undefined {
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { recursive: true }, (_event, name) => {
      if (name === null) return;
      const file = String(name);
      if (IGNORED.test(file)) return;
      onChange(path.join(dir, file));
    });
  } catch (error) {
    // Only the system's watch limits are an expected refusal here; anything else is a bug to surface.
    const code = codeOf(error);
    if (code === undefined || FIXES[code] === undefined) throw error;
    onError(describeWatchFailure(dir, error), error);
    return undefined;
  }
  // fs.watch closes itself after an 'error': every later change would be missed without a word.
  watcher.on('error', (error) => onError(describeWatchFailure(dir, error), error));
  return watcher;
}
