/**
 * Reads a bundle (a .tgz or a folder) into memory for validation, reporting the archive-level
 * failures (spec §23.1, §23.3): empty, bad gzip, bad tar, sizes. A folder is measured as
 * `weft build` would pack it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROFILES } from '@weft/platform';
import { gunzip, gzipDeterministic } from './gzip.ts';
import { readTarEntries, TarFormatError } from '@weft/runtime';
import { writeTar } from './tar-write.ts';
import type { ValidationIssue } from './validation-types.ts';

export interface BundleFile {
  data: Uint8Array;
  mode: number;
}

export interface ReadBundle {
  /** Files by archive path (`./` prefixes removed); undefined when the archive could not be read. */
  files: Map<string, BundleFile> | undefined;
  compressedBytes: number;
  uncompressedBytes: number;
  issues: ValidationIssue[];
}

const LIMITS = PROFILES.current;
/**
 * Inflation stops here: an archive whose files fit the 1 MB limit stays far below it (headers and
 * padding are ~1 KB a file), and a gzip bomb is reported instead of exhausting memory.
 */
const MAX_TAR_BYTES = 64 * 1024 * 1024;

/** AppleDouble files (`._name`) are ignored by the platform (spec §23.1). */
function ignored(file: string): boolean {
  return file.includes('._');
}

function normalize(name: string): string {
  return name.replace(/^(\.\/)+/, '');
}

function sizeIssues(compressed: number, uncompressed: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (compressed > LIMITS.bundleCompressedBytes) {
    issues.push({ type: 'MAX_COMPRESSED_SIZE_EXCEEDED', message: `the bundle is ${compressed} bytes compressed; the limit is ${LIMITS.bundleCompressedBytes} (512 KB)` });
  }
  if (uncompressed > LIMITS.bundleUncompressedBytes) {
    issues.push({ type: 'MAX_UNCOMPRESSED_SIZE_EXCEEDED', message: `the bundle's files total ${uncompressed} bytes; the limit is ${LIMITS.bundleUncompressedBytes} (1 MB)` });
  }
  return issues;
}

export function readTgz(bytes: Uint8Array): ReadBundle {
  const empty = (message: string): ReadBundle => ({ files: undefined, compressedBytes: bytes.length, uncompressedBytes: 0, issues: [{ type: 'EMPTY_TARBALL', message }] });
  if (bytes.length === 0) return empty('the bundle file is empty (0 bytes)');
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    return { files: undefined, compressedBytes: bytes.length, uncompressedBytes: 0, issues: [{ type: 'INVALID_GZIP_FORMAT', message: 'the file does not start with the gzip magic bytes 1f 8b; pack it with `weft build` or `tar czf`' }] };
  }
  let tar: Uint8Array;
  try {
    tar = gunzip(bytes, MAX_TAR_BYTES);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      return { files: undefined, compressedBytes: bytes.length, uncompressedBytes: MAX_TAR_BYTES, issues: [{ type: 'MAX_UNCOMPRESSED_SIZE_EXCEEDED', message: `the archive decompresses to more than ${MAX_TAR_BYTES} bytes; the limit for its files is ${LIMITS.bundleUncompressedBytes} (1 MB)` }] };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return { files: undefined, compressedBytes: bytes.length, uncompressedBytes: 0, issues: [{ type: 'INVALID_GZIP_FORMAT', message: `gzip data is corrupt: ${reason}` }] };
  }
  if (tar.length === 0) return empty('the archive decompresses to nothing');
  let entries;
  try {
    entries = readTarEntries(tar);
  } catch (error) {
    const reason = error instanceof TarFormatError ? error.message : String(error);
    return { files: undefined, compressedBytes: bytes.length, uncompressedBytes: tar.length, issues: [{ type: 'INVALID_TAR_ARCHIVE', message: `not a valid tar archive: ${reason.replace(/^Invalid tar archive: /, '')}` }] };
  }
  const files = new Map<string, BundleFile>();
  let total = 0;
  for (const entry of entries) {
    const name = normalize(entry.path);
    if (entry.type !== 'file' || name === '' || ignored(name)) continue;
    files.set(name, { data: entry.data, mode: entry.mode });
    total += entry.data.length;
  }
  if (files.size === 0) return empty('the archive holds no files');
  return { files, compressedBytes: bytes.length, uncompressedBytes: total, issues: sizeIssues(bytes.length, total) };
}

function walk(root: string, dir: string, out: Map<string, BundleFile>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const relative = path.relative(root, full).split(path.sep).join('/');
    if (ignored(relative)) continue;
    if (entry.isDirectory()) walk(root, full, out);
    else if (entry.isFile()) out.set(relative, { data: new Uint8Array(readFileSync(full)), mode: statSync(full).mode & 0o7777 });
  }
}

export function readFolder(dir: string): ReadBundle {
  const files = new Map<string, BundleFile>();
  walk(dir, dir, files);
  if (files.size === 0) return { files: undefined, compressedBytes: 0, uncompressedBytes: 0, issues: [{ type: 'EMPTY_TARBALL', message: `the folder ${dir} holds no files` }] };
  let total = 0;
  for (const file of files.values()) total += file.data.length;
  const compressed = gzipDeterministic(writeTar([...files].map(([name, file]) => ({ path: name, data: file.data })))).length;
  return { files, compressedBytes: compressed, uncompressedBytes: total, issues: sizeIssues(compressed, total) };
}

export function readBundle(target: string): ReadBundle {
  return statSync(target).isDirectory() ? readFolder(target) : readTgz(new Uint8Array(readFileSync(target)));
}
