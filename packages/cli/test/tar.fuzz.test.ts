/**
 * Property-based tests for reading a `.tgz` code bundle in `weft validate` (spec §23.1, §23.3): any
 * bytes end in a result with the platform's validation types, never a crash, and a hostile archive
 * (truncated, corrupt, climbing out with "..", announcing huge sizes, a gzip bomb) is named as such.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { corrupt, corruptions, decodedBytes, rawTarArchive, rawTarHeader } from '../../../test/support/raw-tar.ts';
import { gunzip, gzipDeterministic } from '../src/bundle/gzip.ts';
import { readTgz } from '../src/bundle/read-bundle.ts';
import { readTarEntries, TarFormatError } from '@weft/runtime';
import { writeTar } from '../src/bundle/tar-write.ts';
import { VALIDATION_TYPES } from '../src/bundle/validation-types.ts';

const segment = fc.string({ unit: fc.constantFrom(...'abcXYZ019_-.'), minLength: 1, maxLength: 30 }).filter((s) => s !== '.' && s !== '..');
const filePath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
const files = fc.uniqueArray(fc.record({ path: filePath, data: fc.uint8Array({ maxLength: 1200 }) }), { selector: (f) => f.path, maxLength: 5 });

/** Where each entry's header starts in writeTar's output (entries sorted by path). */
function entryStarts(input: ReadonlyArray<{ path: string; data: Uint8Array }>): number[] {
  const starts: number[] = [];
  let offset = 0;
  for (const file of [...input].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    starts.push(offset);
    offset += 512 + Math.ceil(file.data.length / 512) * 512;
  }
  return starts;
}

/** Runs `read` and fails unless it returned or threw a TarFormatError. */
function readOrNamedError(bytes: Uint8Array): ReturnType<typeof readTarEntries> | TarFormatError {
  try {
    return readTarEntries(bytes);
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(TarFormatError);
    return error as TarFormatError;
  }
}

describe('tar fuzz: weft validate\'s reader', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads back exactly what writeTar packed, through gzip', () => {
    fc.assert(
      fc.property(files, (input) => {
        const entries = readTarEntries(gunzip(gzipDeterministic(writeTar(input))));
        const sorted = [...input].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        expect(entries.map((e) => [e.path, e.type, e.mode, [...e.data]])).toEqual(sorted.map((f) => [f.path, 'file', 0o644, [...f.data]]));
      }),
      { numRuns: 150 },
    );
  });

  it('a corrupted archive is read or refused with TarFormatError, and text decoding stays linear', () => {
    fc.assert(
      fc.property(files, corruptions, (input, changes) => {
        const bytes = corrupt(writeTar(input), changes);
        // Counting decoded bytes is the step count: names and numbers are decoded once per header.
        const decoded = decodedBytes(() => readOrNamedError(bytes));
        expect(decoded).toBeLessThanOrEqual(2 * bytes.length + 512);
      }),
      { numRuns: 300 },
    );
  });

  it('an archive cut anywhere but a header boundary, before its end blocks, is refused', () => {
    fc.assert(
      fc.property(files.filter((f) => f.length > 0), fc.nat(), (input, cut) => {
        const whole = writeTar(input);
        const content = input.reduce((sum, f) => sum + 512 + Math.ceil(f.data.length / 512) * 512, 0);
        const at = cut % content;
        // Cut between two entries, the archive is a shorter valid one (GNU tar reads it too).
        fc.pre(!entryStarts(input).includes(at));
        expect(() => readTarEntries(whole.subarray(0, at))).toThrow(TarFormatError);
      }),
      { numRuns: 200 },
    );
  });

  it('a name that leaves the bundle is refused, however it is spelled', () => {
    const climbing = fc.oneof(
      fc.tuple(fc.array(segment, { maxLength: 2 }), fc.array(segment, { maxLength: 2 })).map(([before, after]) => [...before, '..', ...after].join('/')),
      fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`),
    );
    fc.assert(
      fc.property(climbing, fc.constantFrom('name', 'prefix', 'long'), (name, where) => {
        const data = new TextEncoder().encode('x');
        const parts =
          where === 'name' ? [rawTarHeader({ name, size: 1 }), data]
          : where === 'prefix' ? [rawTarHeader({ name: 'main.js', size: 1, prefix: name }), data]
          : [rawTarHeader({ name: '././@LongLink', size: name.length, type: 'L' }), new TextEncoder().encode(name), rawTarHeader({ name: 'short', size: 1 }), data];
        expect(() => readTarEntries(rawTarArchive(...parts))).toThrow(TarFormatError);
        expect(readTgz(gzipSync(rawTarArchive(...parts))).issues.map((i) => i.type)).toEqual(['INVALID_TAR_ARCHIVE']);
      }),
      { numRuns: 100 },
    );
  });

  it('a header announcing any size beyond the archive is refused without reading it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 ** 11 - 1 }), (size) => {
        expect(() => readTarEntries(rawTarHeader({ name: 'main.js', size }))).toThrow(TarFormatError);
      }),
      { numRuns: 200 },
    );
  });

  it('readTgz turns any bytes into validation issues of the platform\'s types, never an exception', () => {
    const valid = gzipDeterministic(writeTar([{ path: 'main.js', data: new TextEncoder().encode('export {}') }, { path: 'bundle.json', data: new TextEncoder().encode('{}') }]));
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((tail) => new Uint8Array([0x1f, 0x8b, ...tail])),
      fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
        const copy = valid.slice();
        copy[at % copy.length] = byte;
        return copy;
      }),
      fc.nat().map((at) => valid.slice(0, at % valid.length)),
    );
    fc.assert(
      fc.property(bytes, (input) => {
        const read = readTgz(input);
        for (const issue of read.issues) expect(Object.keys(VALIDATION_TYPES)).toContain(issue.type);
        if (read.files === undefined) expect(read.issues.length).toBeGreaterThan(0);
        expect(read.uncompressedBytes).toBeLessThanOrEqual(64 * 1024 * 1024);
      }),
      { numRuns: 300 },
    );
  });

  // Regression: a gzip bomb was inflated whole before any limit was looked at (about 1000:1, so a
  // 512 KB bundle could ask for 500 MB); now inflation stops at a cap and the limit is named.
  it('a gzip bomb is reported as MAX_UNCOMPRESSED_SIZE_EXCEEDED', () => {
    const bomb = gzipSync(new Uint8Array(65 * 1024 * 1024), { level: 1 });
    expect(bomb.length).toBeLessThan(512 * 1024);
    expect(readTgz(bomb).issues.map((i) => i.type)).toEqual(['MAX_UNCOMPRESSED_SIZE_EXCEEDED']);
  });

  // Shrunk counterexample: an entry of one byte cut inside its padding was accepted as complete.
  it('refuses an archive cut inside an entry\'s padding', () => {
    expect(() => readTarEntries(writeTar([{ path: '-a', data: new Uint8Array([0]) }]).subarray(0, 600))).toThrow(/truncated/);
  });

  // Regression: names with ".." or a leading "/" were listed as bundle files.
  it('refuses "../main.js"', () => {
    expect(() => readTarEntries(rawTarArchive(rawTarHeader({ name: '../main.js', size: 0 })))).toThrow(/leaves the bundle/);
  });
});
