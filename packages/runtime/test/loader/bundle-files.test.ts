import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBundle } from '../../src/loader/bundle-files.ts';
import { writeBundle } from './bundle-fixtures.ts';

// A symlink to itself exists but can never be read (ELOOP): the one way to make a file unreadable
// that also holds for root, who may read any file whatever its mode.
describe('openBundle: a file that exists but cannot be read is not reported as missing', () => {
  it('a bundle path that cannot be read names the system reason', () => {
    const root = writeBundle({ 'main.js': 'export function onClientRequest() {}\n' });
    const loop = join(root, 'loop');
    symlinkSync(loop, loop);
    expect(() => openBundle(loop)).toThrow(expect.objectContaining({ code: 'WEFT_BUNDLE_UNREADABLE', message: expect.stringMatching(/^Cannot read .*loop: ELOOP/) }));
  });

  it('an unreadable bundle.json fails the read instead of passing for an absent one', () => {
    const root = writeBundle({ 'main.js': 'export function onClientRequest() {}\n' });
    symlinkSync(join(root, 'bundle.json'), join(root, 'bundle.json'));
    const files = openBundle(root);
    expect(() => files.read('bundle.json')).toThrow(expect.objectContaining({ code: 'WEFT_BUNDLE_UNREADABLE', message: expect.stringContaining('Cannot read bundle.json in the bundle') }));
    expect(files.read('absent.js')).toBeUndefined();
  });
});
