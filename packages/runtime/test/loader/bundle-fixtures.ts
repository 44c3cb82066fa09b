/** Test helpers: write bundle folders and `.tgz` archives (with a tiny tar writer) to temp dirs. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll } from 'vitest';

// Every folder written here goes once the test file that wrote it has run (they were left in the
// temp dir): the hook is registered for each test file that imports this module.
const written: string[] = [];
// Benchmarks import this module too, outside any test runner: there the folders stay.
if (process.env.VITEST !== undefined) {
  afterAll(() => {
    for (const folder of written.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
}

function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  written.push(folder);
  return folder;
}

export function writeBundle(files: Record<string, string>): string {
  const root = tempFolder('weft-bundle-');
  for (const [path, text] of Object.entries(files)) {
    const target = join(root, ...path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return root;
}

function header(path: string, size: number, mode: number, type = 0x30): Uint8Array {
  const block = new Uint8Array(512);
  const put = (text: string, offset: number): void => block.set(new TextEncoder().encode(text), offset);
  put(path, 0);
  put(`${mode.toString(8).padStart(7, '0')}\0`, 100);
  put('0000000\0', 108);
  put('0000000\0', 116);
  put(`${size.toString(8).padStart(11, '0')}\0`, 124);
  put('00000000000\0', 136);
  put('        ', 148);
  block[156] = type;
  put('ustar\0' + '00', 257);
  const sum = block.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

function pad(length: number): Uint8Array {
  return new Uint8Array((512 - (length % 512)) % 512);
}

/** A pax extended header carrying a path longer than the 100-byte ustar name field. */
function paxPath(path: string): Uint8Array[] {
  const body = ` path=${path}\n`;
  let length = body.length;
  while (`${length}${body}`.length !== length) length = `${length}${body}`.length;
  const data = new TextEncoder().encode(`${length}${body}`);
  return [header('PaxHeader', data.length, 0o644, 0x78), data, pad(data.length)];
}

/** A gzip-compressed ustar archive of the given files (long paths through pax headers). */
export function tgzBytes(files: Record<string, string>, mode = 0o644): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [path, text] of Object.entries(files)) {
    const data = new TextEncoder().encode(text);
    if (path.length > 100) parts.push(...paxPath(path));
    parts.push(header(path.slice(0, 100), data.length, mode), data, pad(data.length));
  }
  parts.push(new Uint8Array(1024));
  return gzipSync(Buffer.concat(parts));
}

export function writeTgz(files: Record<string, string>, name = 'bundle.tgz'): string {
  const root = tempFolder('weft-tgz-');
  const path = join(root, name);
  writeFileSync(path, tgzBytes(files));
  return path;
}
