/**
 * A strict ustar reader for `weft validate`: it reports what a platform validator would reject
 * (bad checksums, truncated entries) instead of guessing around it.
 */
const BLOCK = 512;

export interface TarEntry {
  path: string;
  /** 'file', 'directory', or another tar type flag character. */
  type: 'file' | 'directory' | 'other';
  typeFlag: string;
  mode: number;
  data: Uint8Array;
}

export class TarFormatError extends Error {}

function readString(block: Uint8Array, offset: number, length: number): string {
  const slice = block.subarray(offset, offset + length);
  const end = slice.indexOf(0);
  return new TextDecoder().decode(end === -1 ? slice : slice.subarray(0, end));
}

function readOctal(block: Uint8Array, offset: number, length: number, field: string, at: number): number {
  const text = readString(block, offset, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`header at byte ${at}: field ${field} is not octal (${JSON.stringify(text)})`);
  return Number.parseInt(text, 8);
}

function isZero(block: Uint8Array): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

export function readTar(bytes: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset < bytes.length) {
    if (offset + BLOCK > bytes.length) throw new TarFormatError(`archive ends inside a header block at byte ${offset}`);
    const block = bytes.subarray(offset, offset + BLOCK);
    if (isZero(block)) return entries;
    const expected = readOctal(block, 148, 8, 'chksum', offset);
    let sum = 0;
    for (let index = 0; index < BLOCK; index += 1) sum += index >= 148 && index < 156 ? 0x20 : (block[index] ?? 0);
    if (sum !== expected) throw new TarFormatError(`header at byte ${offset}: checksum ${expected} does not match ${sum}`);
    const size = readOctal(block, 124, 12, 'size', offset);
    const typeFlag = String.fromCharCode(block[156] ?? 0x30);
    const dataStart = offset + BLOCK;
    // The padding counts: an entry cut inside it is as truncated as one cut inside its data.
    if (dataStart + Math.ceil(size / BLOCK) * BLOCK > bytes.length) throw new TarFormatError(`entry at byte ${offset} is truncated: ${size} bytes announced (padded to whole 512-byte blocks), ${bytes.length - dataStart} present`);
    const data = bytes.subarray(dataStart, dataStart + size);
    const at = offset;
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (typeFlag === 'L') {
      longName = readString(data, 0, data.length);
      continue;
    }
    if (typeFlag === 'x' || typeFlag === 'g') continue; // pax extended headers carry no file
    const magic = readString(block, 257, 6);
    const prefix = magic.startsWith('ustar') ? readString(block, 345, 155) : '';
    const name = longName ?? (prefix === '' ? readString(block, 0, 100) : `${prefix}/${readString(block, 0, 100)}`);
    longName = undefined;
    // The platform unpacks bundles; a name that climbs out of the target is a hostile archive.
    if (name.startsWith('/') || name.split('/').includes('..')) throw new TarFormatError(`entry at byte ${at} is named ${JSON.stringify(name)}, which leaves the bundle; paths must be relative, without ".."`);
    const type = typeFlag === '0' || typeFlag === '\0' || typeFlag === '7' ? 'file' : typeFlag === '5' ? 'directory' : 'other';
    entries.push({ path: name, type, typeFlag, mode: readOctal(block, 100, 8, 'mode', at), data });
  }
  // No end-of-archive blocks: GNU tar still reads such an archive, so accept it.
  return entries;
}
