import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readTar, readTarEntries } from '../../src/loader/tar.ts';
import { TarFormatError } from '../../src/errors.ts';
import { tgzBytes } from './bundle-fixtures.ts';

describe('readTar', () => {
  it('reads regular files with their modes and skips AppleDouble files (spec §23.1)', () => {
    const tar = gunzipSync(tgzBytes({ 'main.js': 'a', 'dir/lib.js': 'x'.repeat(700), '._main.js': 'junk' }, 0o755));
    const entries = readTar(tar);
    expect(entries.map((e) => [e.path, e.data.length, e.mode])).toEqual([['main.js', 1, 0o755], ['dir/lib.js', 700, 0o755]]);
  });

  it('rejects a corrupt header with a message naming the byte offset', () => {
    const tar = gunzipSync(tgzBytes({ 'main.js': 'a' }));
    tar[0] = 0x7a;
    expect(() => readTar(tar)).toThrow(TarFormatError);
    expect(() => readTar(tar)).toThrow(/header at byte 0 has a wrong checksum/);
  });

  it('rejects a truncated archive', () => {
    const tar = gunzipSync(tgzBytes({ 'main.js': 'x'.repeat(2000) }));
    expect(() => readTar(tar.subarray(0, 1024))).toThrow(/claims 2000 bytes/);
  });
});

// The loader and `weft validate` read archives with this one reader (issue 13: two readers once
// disagreed on pax headers). GNU tar in pax format writes a long or non-ASCII name as a pax `path`
// record and puts a truncated stand-in in the ustar header; the record's name is the entry's name.
describe('readTarEntries on a GNU tar pax archive', () => {
  it.skipIf(!hasGnuTar())('names entries by their pax path records, as the loader serves them', () => {
    const long = `${'d'.repeat(70)}/${'é'.repeat(40)}/lib.js`;
    const dir = mkdtempSync(path.join(tmpdir(), 'weft-pax-'));
    mkdirSync(path.join(dir, path.dirname(long)), { recursive: true });
    writeFileSync(path.join(dir, long), 'export const x = 1;\n');
    writeFileSync(path.join(dir, 'main.js'), 'export function onClientRequest() {}\n');
    const archive = execFileSync('tar', ['--format=pax', '-cf', '-', '-C', dir, 'main.js', long]);
    const entries = readTarEntries(new Uint8Array(archive));
    expect(entries.map((entry) => [entry.path, entry.type])).toEqual([['main.js', 'file'], [long, 'file']]);
    expect(readTar(new Uint8Array(archive)).map((file) => file.path)).toEqual(['main.js', long]);
  });
});

function hasGnuTar(): boolean {
  try {
    return /GNU tar/.test(execFileSync('tar', ['--version'], { encoding: 'utf8' }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
