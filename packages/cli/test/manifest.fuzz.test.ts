/**
 * Property-based tests for `bundle.json` (spec §23.2): `weft validate` either accepts a manifest
 * with the shape it parsed or refuses it with an issue naming the key (the runtime's lenient reader
 * has its own suite in packages/runtime/test/loader).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manifestSchema } from '@weft/runtime';
import { serializeManifest } from '../src/bundle/manifest.ts';

const maybe = <T>(good: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 3 }, { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 });
const version = fc.oneof(fc.string({ unit: fc.constantFrom(...'.aZ09_~-'), minLength: 1, maxLength: 34 }), fc.constantFrom('.', '..', '1..2', '4.22.3'));
// Close to a real manifest, each key sometimes of the wrong type, so both outcomes are common.
const manifest = fc.record(
  {
    'edgeworker-version': maybe(version),
    'bundle-version': maybe(fc.integer({ min: -2, max: 5 })),
    'api-version': maybe(fc.string({ unit: fc.constantFrom('0', '1', '.', 'a'), maxLength: 4 })),
    description: maybe(fc.string({ maxLength: 10 })),
    misc: maybe(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })),
    config: maybe(
      fc.record(
        {
          logging: maybe(fc.record({ level: maybe(fc.constantFrom('trace', 'debug', 'info', 'warn', 'error', 'loud')), schema: maybe(fc.constant('v1')), ds2id: maybe(fc.integer()) }, { requiredKeys: [] })),
          subrequest: maybe(fc.record({ 'invoke-for-edgeworker-clients': maybe(fc.boolean()) }, { requiredKeys: [] })),
          'client-ip-header': maybe(fc.boolean()),
        },
        { requiredKeys: [] },
      ),
    ),
    dependencies: maybe(fc.dictionary(fc.string({ maxLength: 5 }), fc.record({ edgeWorkerId: maybe(fc.nat()), version: maybe(fc.constantFrom('active', 'revisionId:1-2', 'revisionId:', 'latest')) }), { maxKeys: 2 })),
    __proto__: fc.jsonValue({ maxDepth: 1 }),
    unknown: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
// Manifests arrive as text: JSON.parse keeps "__proto__" as an own key, as a bundle.json would.
const manifestJson = fc.oneof(manifest, fc.jsonValue({ maxDepth: 3 })).map((value) => JSON.parse(JSON.stringify(value)) as unknown);

describe('bundle.json fuzz', () => {
  it('weft validate accepts a manifest with exactly its parsed shape, or names each key it refuses', () => {
    fc.assert(
      fc.property(manifestJson, (input) => {
        const result = manifestSchema.safeParse(input);
        if (result.success) {
          // Nothing is dropped or coerced, unknown keys included.
          expect(result.data).toStrictEqual(input);
          const text = serializeManifest(result.data);
          expect(JSON.parse(text)).toEqual(input);
          expect(manifestSchema.safeParse(JSON.parse(text)).success).toBe(true);
        } else {
          for (const issue of result.error.issues) {
            expect(issue.message.length).toBeGreaterThan(0);
            expect(issue.path.every((key) => typeof key === 'string' || typeof key === 'number')).toBe(true);
          }
        }
      }),
      { numRuns: 600 },
    );
  });
});
