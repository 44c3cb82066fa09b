import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gunzip, gzipDeterministic } from '../src/bundle/gzip.ts';
import { readTarEntries, TarFormatError } from '@weft/runtime';
import { FIXED_MTIME, writeTar } from '../src/bundle/tar-write.ts';
import { tempDir } from './helpers/temp.ts';

const enc = new TextEncoder();
const files = [
  { path: 'utils/lib.js', data: enc.encode('export const x = 1;\n') },
  { path: 'main.js', data: enc.encode('import { x } from "./utils/lib.js";\n') },
  { path: 'bundle.json', data: enc.encode('{"edgeworker-version":"1"}') },
];

describe('deterministic tar + gzip', () => {
  it('writes the same bytes for the same files in any order', () => {
    const a = gzipDeterministic(writeTar(files));
    const b = gzipDeterministic(writeTar([...files].reverse()));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(a[9]).toBe(3);
    expect([...a.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
  });

  it('round-trips through its own reader with sorted entries, mode 0644, and no executable bits', () => {
    const entries = readTarEntries(gunzip(gzipDeterministic(writeTar(files))));
    expect(entries.map((entry) => entry.path)).toEqual(['bundle.json', 'main.js', 'utils/lib.js']);
    for (const entry of entries) expect(entry.mode).toBe(0o644);
    expect(new TextDecoder().decode(entries[1]?.data)).toContain('utils/lib.js');
  });

  it('is read by GNU tar with the fixed owner, mode and mtime', () => {
    const dir = tempDir();
    const archive = path.join(dir, 'b.tgz');
    writeFileSync(archive, gzipDeterministic(writeTar(files)));
    const listing = execFileSync('tar', ['--numeric-owner', '--full-time', '-tvzf', archive], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(listing).toMatch(/^-rw-r--r-- 0\/0 +\d+ 2000-01-01 00:00:00 bundle\.json$/m);
    expect(listing).toMatch(/ utils\/lib\.js$/m);
    execFileSync('tar', ['-xzf', archive, '-C', dir]);
    expect(readFileSync(path.join(dir, 'utils/lib.js'), 'utf8')).toBe('export const x = 1;\n');
    expect(FIXED_MTIME).toBe(Date.UTC(2000, 0, 1) / 1000);
  });

  it('reads archives made by GNU tar, including long paths', () => {
    const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/lib.js`;
    const dir = tempDir({ 'main.js': 'x', [long]: 'y' });
    const archive = path.join(tempDir(), 'gnu.tgz');
    execFileSync('tar', ['-czf', archive, '-C', dir, '.']);
    const names = readTarEntries(gunzip(new Uint8Array(readFileSync(archive)))).map((entry) => entry.path);
    expect(names).toContain('./main.js');
    expect(names).toContain(`./${long}`);
    const ours = readTarEntries(writeTar([{ path: long, data: enc.encode('y') }]));
    expect(ours[0]?.path).toBe(long);
  });

  it('rejects a corrupted header checksum and a truncated entry', () => {
    const tar = writeTar(files);
    const corrupt = tar.slice();
    corrupt[0] = 0x41;
    expect(() => readTarEntries(corrupt)).toThrow(TarFormatError);
    expect(() => readTarEntries(tar.slice(0, 520))).toThrow(/truncated/);
  });

  it('refuses paths that escape the archive root', () => {
    expect(() => writeTar([{ path: '../x.js', data: enc.encode('') }])).toThrow(/invalid bundle path/);
    expect(() => writeTar([{ path: '/abs.js', data: enc.encode('') }])).toThrow(/invalid bundle path/);
  });
});
