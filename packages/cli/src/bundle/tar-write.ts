/**
 * A deterministic ustar writer: the same files always give the same bytes, so a bundle's hash
 * changes only when its content does. Every entry is a regular file with mode 0644 (spec §23.1:
 * no executable files), uid/gid 0, no owner names and a fixed mtime; entries are sorted by path.
 */
const BLOCK = 512;
/** 2000-01-01T00:00:00Z: fixed, and clear of the epoch that some tools flag as suspicious. */
export const FIXED_MTIME = 946_684_800;
const RECORD = BLOCK * 20;

export interface TarFile {
  /** Path inside the archive, `/`-separated, no leading `./` or `/`. */
  path: string;
  data: Uint8Array;
}

function writeString(header: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length > length) throw new RangeError(`tar field too long: ${JSON.stringify(value)} is over ${length} bytes`);
  header.set(bytes, offset);
}

function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  // length - 1 octal digits then a NUL, the portable form every tar reader accepts.
  writeString(header, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

/** Splits a long path into ustar's prefix (155) and name (100) at a `/`. */
function splitPath(path: string): { prefix: string; name: string } {
  if (new TextEncoder().encode(path).length <= 100) return { prefix: '', name: path };
  for (let index = path.lastIndexOf('/'); index > 0; index = path.lastIndexOf('/', index - 1)) {
    const prefix = path.slice(0, index);
    const name = path.slice(index + 1);
    if (prefix.length <= 155 && name.length <= 100) return { prefix, name };
  }
  throw new RangeError(`bundle path too long for a tar archive: ${path}`);
}

function header(file: TarFile): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const { prefix, name } = splitPath(file.path);
  writeString(block, 0, 100, name);
  writeOctal(block, 100, 8, 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, file.data.length);
  writeOctal(block, 136, 12, FIXED_MTIME);
  block.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  block[156] = 0x30; // '0': regular file
  writeString(block, 257, 6, 'ustar\0');
  writeString(block, 263, 2, '00');
  writeString(block, 345, 155, prefix);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeString(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

export function writeTar(files: readonly TarFile[]): Uint8Array {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const seen = new Set<string>();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const file of sorted) {
    if (file.path === '' || file.path.startsWith('/') || file.path.split('/').includes('..')) {
      throw new RangeError(`invalid bundle path ${JSON.stringify(file.path)}: expected a relative path without ".."`);
    }
    if (seen.has(file.path)) throw new RangeError(`duplicate bundle path ${file.path}`);
    seen.add(file.path);
    const padded = Math.ceil(file.data.length / BLOCK) * BLOCK;
    const body = new Uint8Array(padded);
    body.set(file.data);
    parts.push(header(file), body);
    size += BLOCK + padded;
  }
  // Two zero blocks end the archive; pad to a whole record as tar(1) does.
  const total = Math.ceil((size + 2 * BLOCK) / RECORD) * RECORD;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
