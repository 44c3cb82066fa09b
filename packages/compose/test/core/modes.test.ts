import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { captureContext, defineSource, orderGraph, runGraph, type StandardSchemaV1 } from '../../src/core/index.ts';
import { makeRequest, onEdge } from '../helpers/edge.ts';
import { startOrigin, type Origin } from '../helpers/origin.ts';

let origin: Origin;
let flakyHits = 0;
beforeAll(async () => {
  origin = await startOrigin({
    '/text': { body: 'plain words', headers: { 'content-type': 'text/plain' } },
    '/head': { json: { big: true }, headers: { 'x-version': '7' } },
    '/items': { json: { items: [{ id: 1, price: '9' }] } },
    '/always-503': () => {
      flakyHits++;
      return { status: 503, delayMs: 60 };
    },
  });
});
afterAll(() => origin.close());

const run = (specs: Parameters<typeof orderGraph>[0], options = {}) =>
  onEdge({ hosts: { 'api.test': origin.url } }, () => runGraph(orderGraph(specs), captureContext(makeRequest()), options));

/** A Standard Schema whose validation is asynchronous (allowed by the spec). */
const asyncPositive: StandardSchemaV1<unknown, { n: number }> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: async (value) => {
      await Promise.resolve();
      const n = (value as { n?: unknown }).n;
      return typeof n === 'number' && n > 0 ? { value: { n } } : { issues: [{ message: 'must be a positive number', path: [{ key: 'n' }] }] };
    },
  },
};

describe('source read modes and validators', () => {
  it('reads text, and HEAD answers with no body', async () => {
    const result = await run([
      defineSource('text', { url: 'https://api.test/text', read: 'text' }),
      defineSource('head', { url: 'https://api.test/head', method: 'HEAD' }),
    ]);
    expect(result.sources.text.value).toBe('plain words');
    expect(result.sources.head).toMatchObject({ state: 'fulfilled', value: null });
  });

  it('accepts an asynchronous Standard Schema and a valibot schema, naming the failing path', async () => {
    const result = await run([
      defineSource('good', { url: 'https://api.test/head', schema: { '~standard': { ...asyncPositive['~standard'], validate: async () => ({ value: { n: 1 } }) } } }),
      defineSource('bad', { url: 'https://api.test/head', schema: asyncPositive, failure: 'optional' }),
      defineSource('items', { url: 'https://api.test/items', schema: v.object({ items: v.array(v.object({ id: v.number(), price: v.number() })) }), failure: 'optional' }),
    ]);
    expect(result.sources.good.value).toEqual({ n: 1 });
    const bad = result.sources.bad.outcome;
    expect(bad.state === 'failed' && bad.error.message).toMatch(/does not match its schema at n: must be a positive number$/);
    const items = result.sources.items.outcome;
    expect(items.state === 'failed' && items.error.message).toMatch(/at items\[0\]\.price: /);
  });

  it('stops retrying when the deadline leaves no time, and says so', async () => {
    flakyHits = 0;
    // Each attempt takes ~60 ms; with a frozen clock each counts as its whole 100 ms timeout,
    // so after two attempts the 250 ms deadline has 50 ms left for the third, and none for a fourth.
    const result = await run([defineSource('flaky', { url: 'https://api.test/always-503', retry: 3, timeout: 100, failure: 'optional' })], { deadline: 250, clock: () => 0 });
    const outcome = result.sources.flaky.outcome;
    expect(outcome.state).toBe('failed');
    expect(outcome.state === 'failed' && outcome.error.reason).toBe('deadline');
    expect(flakyHits).toBe(3);
  });
});
