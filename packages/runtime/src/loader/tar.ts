/**
 * The one reader of the tar archives of EdgeWorkers code bundles (spec §23.1), for the loader and
 * for `weft validate` alike, so both see the same names: ustar headers, pax `path` records and GNU
 * long names. `readTar` returns the regular files only, skipping directories and AppleDouble files
 * (`._x`), as the platform ignores them.
 */
import { TarFormatError } from '../errors.ts';

export interface TarEntry {
  /** Path inside the archive, without a leading `./`. */
  path: string;
  /** Permission bits (e.g. 0o644), for validation. */
  mode: number;
  data: Uint8Array;
}

/** One record of an archive as written (what `weft validate` judges). */
export interface TarArchiveEntry {
  /** The name as archived: a pax `path` record or GNU long name when present, else ustar prefix/name. */
  path: string;
  /** 'file' for regular files (type 0, NUL or 7), 'directory' (5), 'other' for the rest. */
  type: 'file' | 'directory' | 'other';
  typeFlag: string;
  /** Permission bits (e.g. 0o644). */
  mode: number;
  /** The entry's bytes, a view into the archive. */
  data: Uint8Array;
}

const BLOCK = 512;
const decoder = new TextDecoder();

function text(block: Uint8Array, offset: number, length: number): string {
  const slice = block.subarray(offset, offset + length);
  const end = slice.indexOf(0);
  return decoder.decode(end === -1 ? slice : slice.subarray(0, end));
}

function octal(block: Uint8Array, offset: number, length: number, field: string, at: number): number {
  const raw = text(block, offset, length).trim();
  if (raw === '') return 0;
  if (!/^[0-7]+$/.test(raw)) throw new TarFormatError(`Invalid tar archive: the ${field} field of the header at byte ${at} is ${JSON.stringify(raw)}, not an octal number.`);
  return parseInt(raw, 8);
}

function checksumOk(block: Uint8Array, at: number): boolean {
  const stored = octal(block, 148, 8, 'checksum', at);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i] ?? 0;
  return sum === stored;
}

function paxPath(data: Uint8Array): string | undefined {
  // Records are "<len> <key>=<value>\n", <len> counting the whole record. A length that is not all
  // digits or does not reach past its own space ends the walk: each record must move past the
  // last space found, or a crafted header makes the walk quadratic.
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(32, offset);
    if (space === -1) break;
    const digits = decoder.decode(data.subarray(offset, space));
    const length = /^[0-9]+$/.test(digits) ? parseInt(digits, 10) : NaN;
    if (!(length > space - offset + 1) || offset + length > data.length) break;
    const record = decoder.decode(data.subarray(space + 1, offset + length - 1));
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') return record.slice(eq + 1);
    offset += length;
  }
  return undefined;
}

/**
 * Every record of a tar archive (pax and GNU long-name headers applied, not returned). Strict, as a
 * platform validator is: a wrong checksum, a non-octal field, an entry cut short inside its data or
 * its padding, a header cut short, or a name that leaves the bundle is a TarFormatError. An archive
 * without end-of-archive blocks is read (GNU tar reads it too).
 */
export function readTarEntries(archive: Uint8Array): TarArchiveEntry[] {
  const entries: TarArchiveEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) return entries;
    if (!checksumOk(header, offset)) throw new TarFormatError(`Invalid tar archive: the header at byte ${offset} has a wrong checksum (the file is not a tar archive or is corrupt).`);
    const size = octal(header, 124, 12, 'size', offset);
    const typeFlag = String.fromCharCode(header[156] ?? 0);
    const dataStart = offset + BLOCK;
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (dataStart + padded > archive.length) throw new TarFormatError(`Invalid tar archive: the entry at byte ${offset} claims ${size} bytes (${padded} with its padding) but the archive ends at byte ${archive.length} (the file is truncated).`);
    const data = archive.subarray(dataStart, dataStart + size);
    const mode = octal(header, 100, 8, 'mode', offset) & 0o7777;
    const at = offset;
    offset = dataStart + padded;
    if (typeFlag === 'x') { longName = paxPath(data) ?? longName; continue; }
    if (typeFlag === 'L') { longName = text(data, 0, data.length); continue; }
    if (typeFlag === 'g') continue;
    const prefix = header[257] === 0x75 ? text(header, 345, 155) : '';
    const name = longName ?? (prefix === '' ? text(header, 0, 100) : `${prefix}/${text(header, 0, 100)}`);
    longName = undefined;
    // Nothing is extracted, but a name that climbs out of the bundle is a hostile archive.
    if (name.startsWith('/') || name.split('/').includes('..')) throw new TarFormatError(`Invalid tar archive: the entry at byte ${at} is named ${JSON.stringify(name)}, which leaves the bundle; bundle paths are relative, without "..".`);
    const type = typeFlag === '0' || typeFlag === '\0' || typeFlag === '7' ? 'file' : typeFlag === '5' ? 'directory' : 'other';
    entries.push({ path: name, type, typeFlag, mode, data });
  }
  if (offset < archive.length) throw new TarFormatError(`Invalid tar archive: it ends inside a header block at byte ${offset} (the file is truncated).`);
  return entries;
}

/** The regular files of a code bundle's archive, as the loader serves them (readTarEntries' rules). */
export function readTar(archive: Uint8Array): TarEntry[] {
  const files: TarEntry[] = [];
  for (const entry of readTarEntries(archive)) {
    if (entry.type !== 'file') continue;
    const path = entry.path.replace(/^(\.\/)+/, '');
    if (path === '' || path.split('/').some((part) => part.startsWith('._'))) continue;
    files.push({ path, mode: entry.mode, data: Uint8Array.from(entry.data) });
  }
  return files;
}
