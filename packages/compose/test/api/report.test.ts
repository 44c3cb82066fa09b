/**
 * Issue 14: compose explains what it caught and what stood in, through the log module's report hook
 * (core/report.ts): an exception of the author's callback is an error, a fallback and a partial
 * answer are warnings. With no host taking reports (the edge), the same line is logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry, WorkerReport } from '@weft/platform';
import { api, definePage, rules } from '../../src/index.ts';
import { makeRequest, onEdge, readResponse } from '../helpers/edge.ts';
import { startOrigin, type Origin } from '../helpers/origin.ts';

let origin: Origin;
beforeAll(async () => {
  origin = await startOrigin({ '/user': { json: { id: 'u1' } }, '/down': { status: 503, json: { internal: 'trace' } } });
});
afterAll(() => origin.close());

async function answer(handler: { handle(request: ReturnType<typeof makeRequest>): Promise<object> }, logs?: LogEntry[]): Promise<{ status: number; text: string; reports: WorkerReport[] }> {
  const reports: WorkerReport[] = [];
  const setup = { hosts: { 'api.test': origin.url }, ...(logs === undefined ? { reports } : { logs }) };
  const response = await readResponse(await onEdge(setup, () => handler.handle(makeRequest())));
  return { status: response.status, text: response.text, reports };
}

const summary = (reports: WorkerReport[]): Array<[string, string, string | undefined]> => reports.map((r) => [r.kind, r.code, r.error?.name]);

describe('compose reports', () => {
  it('a merge that throws: an error with the exception, and the client gets no internals', async () => {
    const broken = api()
      .source('user', { url: 'https://api.test/user' })
      .merge((data) => (data.user as { profile: { name: string } }).profile.name)
      .respond();
    const { status, text, reports } = await answer(broken);
    expect(status).toBe(500);
    expect(summary(reports)).toEqual([['error', 'compose-merge', 'TypeError']]);
    expect(reports[0]?.message).toMatch(/^compose: the merge function or a response option threw, answering 500: TypeError: .*name/);
    expect(reports[0]?.error?.stack).toContain('report.test.ts');
    expect(text).not.toMatch(/name|TypeError/);
  });

  it('an optional source whose when throws: the exception is an error, the fallback and the partial answer are warnings', async () => {
    const partial = api()
      .source('user', { url: 'https://api.test/user' })
      .source('recs', { url: 'https://api.test/down', when: () => { throw new RangeError('bad when'); }, failure: { fallback: [] } })
      .respond();
    const { status, reports } = await answer(partial);
    expect(status).toBe(200);
    expect(summary(reports)).toEqual([['error', 'compose-callback', 'RangeError'], ['warning', 'compose-fallback', undefined], ['warning', 'compose-partial', undefined]]);
    expect(reports.map((r) => r.message)).toEqual([
      'compose: source "recs": its when condition threw, fallback used: RangeError: bad when',
      'compose: source "recs" failed (condition), fallback used: its "when" condition threw: bad when',
      'compose: the answer is partial (X-Compose-Completed: false, Cache-Control: no-store): "recs" failed',
    ]);
  });

  it('a required source that fails: an error naming the upstream answer, which the problem document leaves out', async () => {
    const strict = api().source('cart', { url: 'https://api.test/down' }).respond();
    const { status, text, reports } = await answer(strict);
    expect(status).toBe(502);
    expect(summary(reports)).toEqual([['error', 'compose-required-source', 'SourceError']]);
    expect(reports[0]?.message).toBe('compose: required source "cart" failed (status), answering 502: SourceError: source "cart": GET https://api.test/down answered 503');
    expect(text).not.toMatch(/api\.test|https?:|503|internal/);
  });

  it('a rule condition that throws: an error', async () => {
    const router = rules([{ when: () => { throw new Error('no cookie jar'); }, use: { json: 1 } }], { default: { json: 2 } });
    const { status, reports } = await answer(router);
    expect(status).toBe(500);
    expect(summary(reports)).toEqual([['error', 'compose-rule', 'Error']]);
  });

  it('a slot render that throws: an error, and the fallback a warning', async () => {
    const page = definePage({
      template: '<p><weft-slot name="promo">no promo</weft-slot></p>',
      slots: { promo: { render: () => { throw new TypeError('render broke'); } } },
    });
    const reports: WorkerReport[] = [];
    const text = await onEdge({ reports }, async () => {
      const assembled = await page.assemble(makeRequest());
      return new Response(assembled.body as unknown as ReadableStream<Uint8Array>).text();
    });
    expect(text).toBe('<p>no promo</p>');
    expect(summary(reports)).toEqual([['error', 'compose-callback', 'TypeError'], ['warning', 'compose-fallback', undefined]]);
  });

  it('with no host taking reports, logs the same line at the same level', async () => {
    const logs: LogEntry[] = [];
    const strict = api().source('cart', { url: 'https://api.test/down' }).respond();
    await answer(strict, logs);
    expect(logs.map((entry) => [entry.level, entry.message])).toEqual([['error', 'compose: required source "cart" failed (status), answering 502: SourceError: source "cart": GET https://api.test/down answered 503']]);
  });
});
