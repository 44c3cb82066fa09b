/**
 * Property-based tests for the runtime's `bundle.json` reader (spec §23.2, decision 31): any text
 * is read without throwing; a manifest of documented keys with valid values gives no warning and
 * its identity, and each invalid documented value gives a warning naming its key.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../src/loader/manifest.ts';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'];
const goodVersion = fc.string({ unit: fc.constantFrom(...'.aZ09_~-'), minLength: 1, maxLength: 32 }).filter((v) => !v.includes('..') && v !== '.');
const valid = fc.record(
  {
    'edgeworker-version': goodVersion,
    'bundle-version': fc.integer({ min: 1, max: 1000 }),
    'api-version': fc.string({ unit: fc.constantFrom('0', '1', '.'), maxLength: 4 }),
    description: fc.string({ maxLength: 10 }),
    config: fc.record({ logging: fc.record({ level: fc.constantFrom(...LEVELS), ds2id: fc.nat() }) }),
    __proto__: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: ['edgeworker-version'] },
);
const broken = fc.oneof(
  fc.record({ key: fc.constant('edgeworker-version'), value: fc.oneof(fc.constantFrom('.', '..', 'a..b', '', 'x'.repeat(33), 'a b'), fc.integer(), fc.constant(null)) }),
  fc.record({ key: fc.constant('bundle-version'), value: fc.oneof(fc.integer({ max: 0 }), fc.double({ min: 1.1, max: 9.9, noNaN: true }), fc.string()) }),
  fc.record({ key: fc.constant('api-version'), value: fc.oneof(fc.constantFrom('v1', '1.0-beta'), fc.integer()) }),
  fc.record({ key: fc.constant('config.logging.level'), value: fc.oneof(fc.constantFrom('loud', 'INFO', ''), fc.integer()) }),
);

function withValue(manifest: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  if (key === 'config.logging.level') return { ...manifest, config: { logging: { ds2id: 1, level: value } } };
  return { ...manifest, [key]: value };
}

describe('bundle.json fuzz: the runtime reader', () => {
  it('reads any text or JSON value without throwing; refusing the whole file always says why', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 30 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null')), (text) => {
        const warnings: string[] = [];
        const read = readManifest(text, 'bundle.json', warnings);
        if (read === undefined) expect(warnings.length).toBe(1);
        else expect(read.raw).toEqual(JSON.parse(text));
      }),
      { numRuns: 600 },
    );
  });

  it('a valid manifest reads with no warning and its own identity', () => {
    fc.assert(
      fc.property(valid, (manifest) => {
        const text = JSON.stringify(manifest);
        const warnings: string[] = [];
        const read = readManifest(text, 'bundle.json', warnings);
        expect(warnings).toEqual([]);
        expect(read?.version).toBe(manifest['edgeworker-version']);
        expect(read?.logLevel).toBe(manifest.config?.logging.level);
        expect(read?.description).toBe(manifest.description);
      }),
      { numRuns: 300 },
    );
  });

  it('each invalid documented value gives one warning naming its key', () => {
    fc.assert(
      fc.property(valid, broken, (manifest, { key, value }) => {
        const warnings: string[] = [];
        readManifest(JSON.stringify(withValue(manifest, key, value)), 'bundle.json', warnings);
        expect(warnings.length).toBe(1);
        expect(warnings[0]).toContain(`"${key}"`);
      }),
      { numRuns: 300 },
    );
  });
});
