import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { readTar } from '../../src/loader/tar.ts';
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
