/**
 * Where the bundle's files come from: a folder on disk (read on demand, following imports) or a
 * `.tgz` read into memory. Paths are bundle-relative with `/` separators (`utils/lib.js`).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BundleError } from '../errors.ts';
import { readTar } from './tar.ts';

/**
 * The most a .tgz may inflate to: a bundle within the platform's 1 MB stays far below it, and a
 * gzip bomb (about 1000:1) stops here instead of exhausting the server's memory.
 */
const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024;

export interface BundleFiles {
  kind: 'file' | 'folder' | 'tgz';
  /** Absolute path the user gave. */
  location: string;
  /** Default name (decision 31): the folder or archive name. */
  defaultName: string;
  /** Bundle path of the entry module: `main.js`, or the file name given. */
  entry: string;
  read(path: string): string | undefined;
}

/** What "no such file" looks like from the file system, as opposed to a file that cannot be read. */
function isAbsent(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

function folderFiles(root: string, kind: 'file' | 'folder', location: string, entry: string): BundleFiles {
  return {
    kind,
    location,
    entry,
    defaultName: basename(root),
    read(path) {
      try {
        return readFileSync(join(root, ...path.split('/')), 'utf8');
      } catch (error) {
        // An absent file is an answer (bundle.json is optional); an unreadable one must be said.
        if (isAbsent(error)) return undefined;
        throw new BundleError('WEFT_BUNDLE_UNREADABLE', location, `Cannot read ${path} in the bundle ${location}: ${(error as Error).message}`, error);
      }
    },
  };
}

function archiveFiles(location: string): BundleFiles {
  let bytes: Buffer;
  try {
    bytes = readFileSync(location);
  } catch (error) {
    throw new BundleError('WEFT_BUNDLE_UNREADABLE', location, `Cannot read the bundle archive ${location}: ${(error as Error).message}`, error);
  }
  let tar: Uint8Array;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: MAX_ARCHIVE_BYTES });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BundleError('WEFT_BUNDLE_TOO_LARGE', location, `The bundle ${location} decompresses to more than ${MAX_ARCHIVE_BYTES} bytes; the platform accepts 1 MB of files (spec §23.1). Check what \`weft build\` packed.`, error);
    }
    throw new BundleError('WEFT_BUNDLE_INVALID_GZIP', location, `The bundle ${location} is not a gzip file (${(error as Error).message}). Build it with \`weft build\` or \`tar czf bundle.tgz main.js bundle.json\`.`, error);
  }
  let entries;
  try {
    entries = readTar(tar);
  } catch (error) {
    throw new BundleError('WEFT_BUNDLE_INVALID_TAR', location, `The bundle ${location} is gzip but not a valid tar archive: ${(error as Error).message}`, error);
  }
  const decoder = new TextDecoder();
  const files = new Map(entries.map((entry) => [entry.path, entry.data]));
  if (!files.has('main.js')) {
    const names = [...files.keys()].slice(0, 5).join(', ') || 'no files';
    throw new BundleError('WEFT_BUNDLE_NO_MAIN', location, `The bundle ${location} has no main.js at the archive root (found: ${names}). main.js and bundle.json must sit at the root, without a directory prefix (spec §23.1).`);
  }
  return {
    kind: 'tgz',
    location,
    entry: 'main.js',
    defaultName: basename(location).replace(/\.(tgz|tar\.gz)$/i, ''),
    read(path) {
      const data = files.get(path);
      return data === undefined ? undefined : decoder.decode(data);
    },
  };
}

/** Opens `main.js`, a bundle folder or a `.tgz`; throws a BundleError naming what is missing. */
export function openBundle(path: string): BundleFiles {
  const location = resolve(path);
  let stats;
  try {
    stats = statSync(location);
  } catch (error) {
    if (!isAbsent(error)) throw new BundleError('WEFT_BUNDLE_UNREADABLE', location, `Cannot read ${location}: ${(error as Error).message}`, error);
    throw new BundleError('WEFT_BUNDLE_NOT_FOUND', location, `No bundle at ${location}: give a main.js file, a folder holding main.js (and bundle.json), or a .tgz bundle.`);
  }
  if (stats.isDirectory()) {
    try {
      statSync(join(location, 'main.js'));
    } catch (error) {
      if (!isAbsent(error)) throw new BundleError('WEFT_BUNDLE_UNREADABLE', location, `Cannot read ${join(location, 'main.js')}: ${(error as Error).message}`, error);
      throw new BundleError('WEFT_BUNDLE_NO_MAIN', location, `The folder ${location} has no main.js; a bundle folder holds main.js and bundle.json at its root.`);
    }
    return folderFiles(location, 'folder', location, 'main.js');
  }
  if (/\.(tgz|tar\.gz)$/i.test(location)) return archiveFiles(location);
  if (!location.endsWith('.js')) {
    throw new BundleError('WEFT_BUNDLE_NOT_JS', location, `${location} is not a bundle: give a .js entry file (normally main.js), a bundle folder, or a .tgz.`);
  }
  return folderFiles(dirname(location), 'file', location, basename(location));
}
