/**
 * Property-based tests for the runtime's bundle reader (spec §23.1): `weft serve bundle.tgz` reads
 * any file it is given, so every failure must be a TarFormatError or a BundleError with a code,
 * names must stay inside the bundle, and the work must stay linear in the archive.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { corrupt, corruptions, decodedBytes, rawTarArchive, rawTarHeader } from '../../../../test/support/raw-tar.ts';
import { BundleError, TarFormatError } from '../../src/errors.ts';
import { openBundle } from '../../src/loader/bundle-files.ts';
import { readTar } from '../../src/loader/tar.ts';
import { tgzBytes } from './bundle-fixtures.ts';

const segment = fc.string({ unit: fc.constantFrom(...'abcXYZ019_-.'), minLength: 1, maxLength: 40 }).filter((s) => s !== '.' && s !== '..' && !s.startsWith('._'));
const filePath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
const files = fc.dictionary(filePath, fc.string({ maxLength: 700 }), { maxKeys: 4 });

function readOrNamedError(bytes: Uint8Array): void {
  try {
    readTar(bytes);
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(TarFormatError);
  }
}

describe('tar fuzz: the runtime loader', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads back every file of an archive, long names (pax) included', () => {
    fc.assert(
      fc.property(files, (input) => {
        const entries = readTar(gunzipSync(tgzBytes(input)));
        expect(Object.fromEntries(entries.map((e) => [e.path, new TextDecoder().decode(e.data)]))).toEqual(input);
      }),
      { numRuns: 150 },
    );
  });

  it('a corrupted archive is read or refused with TarFormatError, decoding each byte a bounded number of times', () => {
    fc.assert(
      fc.property(files, corruptions, (input, changes) => {
        const bytes = corrupt(new Uint8Array(gunzipSync(tgzBytes(input))), changes);
        expect(decodedBytes(() => readOrNamedError(bytes))).toBeLessThanOrEqual(3 * bytes.length + 512);
      }),
      { numRuns: 300 },
    );
  });

  it('any pax header body is parsed in linear work', () => {
    const paxBody = fc.string({ unit: fc.constantFrom('1', '2', '9', ' ', 'a', '=', 'path', '\n'), maxLength: 400 });
    fc.assert(
      fc.property(paxBody, fc.integer({ min: 1, max: 20 }), (body, repeat) => {
        const data = new TextEncoder().encode(body.repeat(repeat));
        const bytes = rawTarArchive(rawTarHeader({ name: 'PaxHeader', size: data.length, type: 'x' }), data, rawTarHeader({ name: 'main.js', size: 0 }));
        expect(decodedBytes(() => readOrNamedError(bytes))).toBeLessThanOrEqual(2 * data.length + 1024);
      }),
      { numRuns: 200 },
    );
  });

  // Shrunk counterexample: a pax body of "2a2a…2a " made the record walk advance two bytes at a time
  // while decoding up to the one space each time (80 KB took a second, 1 MB minutes).
  it('a pax length that does not reach past its space stops the walk', () => {
    const data = new TextEncoder().encode(`${'2a'.repeat(20_000)} `);
    const bytes = rawTarArchive(rawTarHeader({ name: 'PaxHeader', size: data.length, type: 'x' }), data, rawTarHeader({ name: 'main.js', size: 0 }));
    expect(decodedBytes(() => expect(readTar(bytes).map((e) => e.path)).toEqual(['main.js']))).toBeLessThan(3 * data.length);
  });

  it('an archive cut inside a header or an entry\'s data is refused', () => {
    fc.assert(
      fc.property(files.filter((f) => Object.keys(f).length > 0), fc.nat(), (input, cut) => {
        const whole = new Uint8Array(gunzipSync(tgzBytes(input)));
        // Positions of headers and data; a cut in padding or between entries leaves a readable archive.
        const inside: number[] = [];
        for (let offset = 0; offset + 512 <= whole.length;) {
          const size = Number.parseInt(new TextDecoder().decode(whole.subarray(offset + 124, offset + 135)), 8);
          if (Number.isNaN(size)) break;
          for (let i = offset + 1; i < offset + 512 + size; i++) inside.push(i);
          offset += 512 + Math.ceil(size / 512) * 512;
        }
        const at = inside[cut % inside.length] as number;
        expect(() => readTar(whole.subarray(0, at))).toThrow(TarFormatError);
      }),
      { numRuns: 150 },
    );
  });

  it('a name that leaves the bundle is refused, in the name field, the prefix, a GNU or a pax long name', () => {
    const climbing = fc.oneof(
      fc.tuple(fc.array(segment, { maxLength: 2 }), fc.array(segment, { maxLength: 2 })).map(([before, after]) => [...before, '..', ...after].join('/')),
      fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`),
    );
    fc.assert(
      fc.property(climbing, fc.constantFrom('name', 'prefix', 'gnu', 'pax'), (name, where) => {
        const x = new TextEncoder().encode('x');
        const record = ` path=${name}\n`;
        const pax = new TextEncoder().encode(`${record.length + String(record.length + 3).length}${record}`);
        const parts =
          where === 'name' ? [rawTarHeader({ name, size: 1 }), x]
          : where === 'prefix' ? [rawTarHeader({ name: 'main.js', size: 1, prefix: name }), x]
          : where === 'gnu' ? [rawTarHeader({ name: '././@LongLink', size: name.length, type: 'L' }), new TextEncoder().encode(name), rawTarHeader({ name: 'short', size: 1 }), x]
          : [rawTarHeader({ name: 'PaxHeader', size: pax.length, type: 'x' }), pax, rawTarHeader({ name: 'short', size: 1 }), x];
        fc.pre(where !== 'pax' || Number.parseInt(new TextDecoder().decode(pax), 10) === pax.length);
        expect(() => readTar(rawTarArchive(...parts))).toThrow(TarFormatError);
      }),
      { numRuns: 100 },
    );
  });

  it('openBundle on any .tgz bytes returns the files or throws a BundleError with a WEFT_BUNDLE_ code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-tar-fuzz-'));
    const valid = tgzBytes({ 'main.js': 'export {}', 'bundle.json': '{}' });
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
        const copy = valid.slice();
        copy[at % copy.length] = byte;
        return copy;
      }),
      fc.nat().map((at) => valid.slice(0, at % valid.length)),
    );
    let n = 0;
    fc.assert(
      fc.property(bytes, (input) => {
        const location = join(dir, `b${(n += 1)}.tgz`);
        writeFileSync(location, input);
        try {
          expect(openBundle(location).read('main.js')).toBeTypeOf('string');
        } catch (error) {
          expect(error, String(error)).toBeInstanceOf(BundleError);
          expect((error as BundleError).code).toMatch(/^WEFT_BUNDLE_[A-Z_]+$/);
        }
      }),
      { numRuns: 150 },
    );
  });

  // Regression: the whole archive was inflated whatever its size (gzip runs about 1000:1).
  it('a gzip bomb is refused with WEFT_BUNDLE_TOO_LARGE', () => {
    const location = join(mkdtempSync(join(tmpdir(), 'weft-tar-fuzz-')), 'bomb.tgz');
    writeFileSync(location, gzipSync(new Uint8Array(65 * 1024 * 1024), { level: 1 }));
    expect(() => openBundle(location)).toThrow(expect.objectContaining({ code: 'WEFT_BUNDLE_TOO_LARGE' }));
  });

  // Regression: a trailing partial header block was dropped silently.
  it('refuses an archive that ends inside a header block', () => {
    const whole = new Uint8Array(gunzipSync(tgzBytes({ 'main.js': 'x', 'b.js': 'y' })));
    expect(() => readTar(whole.subarray(0, 1024 + 100))).toThrow(/ends inside a header block/);
  });
});
