/** Traces as HAR 1.2: the client exchange and each sub-request as entries. */
import { describe, expect, it } from 'vitest';
import type { Trace } from '@weft/runtime';
import { harOf, requestCookies, responseCookies } from '../../src/viewer/har.ts';
import { harProblems } from '../../../../test/support/har-check.ts';

const CREATOR = { name: 'Weft', version: '0.1.0' };

function trace(overrides: Partial<Trace> = {}): Trace {
  return {
    id: 'abc-1',
    startedAt: '2026-01-31T12:00:00.000Z',
    durationMs: 50,
    request: {
      method: 'GET', scheme: 'http', host: 'www.example.com', url: '/account?tab=offers&x=1', clientIp: '127.0.0.1',
      headers: { lines: [['Host', 'www.example.com'], ['Cookie', 'sid=42; theme=dark'], ['x-weft-location', 'country=FR']] },
    },
    simulation: { variables: {} },
    stages: [{ stage: 'responseProvider', kind: 'handler', status: 'Success', startMs: 1, wallMs: 10, requestHeaderChanges: [], responseHeaderChanges: [], variableChanges: [] }],
    subrequests: [
      {
        handler: 'responseProvider', id: 1, method: 'GET', url: 'http://api.example.com/user', status: 200, durationMs: 8, totalDurationMs: 12, startMs: 2, notes: [],
        localUrl: 'http://127.0.0.1:4000/user', requestHeaders: { lines: [['host', 'api.example.com']] }, responseHeaders: { lines: [['content-type', 'application/json'], ['content-length', '14']] },
      },
      { handler: 'responseProvider', id: 2, method: 'GET', url: 'http://api.example.com/offers', durationMs: 30, rateLimitedMs: 5, startMs: 3, error: 'connect ECONNREFUSED', notes: ['queued'] },
    ],
    logs: [],
    warnings: [],
    compositions: [],
    response: {
      status: 200, source: 'responseProvider', bodyBytes: 120, firstByteMs: 15,
      headers: { lines: [['content-type', 'application/json'], ['Set-Cookie', 'sid=43; Path=/; HttpOnly; Secure'], ['Content-Length', '120']] },
    },
    complete: true,
    ...overrides,
  };
}

describe('harOf', () => {
  it('writes a valid HAR 1.2 log: creator, and an entry per client exchange and per sub-request, in start order', () => {
    const har = harOf([trace()], CREATOR);
    expect(harProblems(har)).toEqual([]);
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual(CREATOR);
    expect(har.log.entries.map((entry) => entry.request.url)).toEqual(['http://www.example.com/account?tab=offers&x=1', 'http://api.example.com/user', 'http://api.example.com/offers']);
    expect(har.log.entries.map((entry) => entry._weft.kind)).toEqual(['client', 'subrequest', 'subrequest']);
  });

  it('gives the client exchange its headers, cookies, query, and time to first byte then to last byte', () => {
    const [client] = harOf([trace()], CREATOR).log.entries;
    expect(client?.request.headers).toContainEqual({ name: 'x-weft-location', value: 'country=FR' });
    expect(client?.request.cookies).toEqual([{ name: 'sid', value: '42' }, { name: 'theme', value: 'dark' }]);
    expect(client?.request.queryString).toEqual([{ name: 'tab', value: 'offers' }, { name: 'x', value: '1' }]);
    expect(client?.request.bodySize).toBe(0);
    expect(client?.response).toMatchObject({ status: 200, statusText: 'OK', content: { size: 120, mimeType: 'application/json' }, bodySize: 120, redirectURL: '' });
    expect(client?.response.cookies).toEqual([{ name: 'sid', value: '43', path: '/', httpOnly: true, secure: true }]);
    expect(client?.timings).toMatchObject({ send: 0, wait: 15, receive: 35 });
    expect(client?.time).toBe(50);
    expect(client?.startedDateTime).toBe('2026-01-31T12:00:00.000Z');
  });

  it('times a sub-request from the trace start: queued (blocked), waiting for the head, reading the body', () => {
    const [, user, offers] = harOf([trace()], CREATOR).log.entries;
    expect(user?.startedDateTime).toBe('2026-01-31T12:00:00.002Z');
    expect(user?.timings).toMatchObject({ blocked: -1, wait: 8, receive: 4 });
    expect(user?.time).toBe(12);
    expect(user?.response.content).toEqual({ size: 14, mimeType: 'application/json' });
    expect(user?._weft).toMatchObject({ handler: 'responseProvider', localUrl: 'http://127.0.0.1:4000/user' });
    // A failed sub-request has status 0, as a browser exports one that got no answer.
    expect(offers?.timings).toMatchObject({ blocked: 5, wait: 25, receive: 0 });
    expect(offers?.response).toMatchObject({ status: 0, statusText: '', _error: 'connect ECONNREFUSED' });
    expect(offers?.comment).toBe('queued');
  });

  it('exports a trace still streaming, or one without recorded headers, as a valid log', () => {
    const { response: _response, ...rest } = trace();
    const streaming: Trace = { ...rest, complete: false, durationMs: 0, request: { ...rest.request, headers: undefined, method: 'POST' } };
    const har = harOf([streaming, trace({ id: 'abc-2', startedAt: '2026-01-31T11:59:59.000Z' })], CREATOR);
    expect(harProblems(har)).toEqual([]);
    expect(har.log.entries[0]?._weft.traceId).toBe('abc-2');
    const pending = har.log.entries.find((entry) => entry._weft.traceId === 'abc-1' && entry._weft.kind === 'client');
    expect(pending?.response.status).toBe(0);
    expect(pending?.request.bodySize).toBe(-1);
  });

  it('reads cookies as HAR names them', () => {
    expect(requestCookies([['cookie', 'a=1;b=x=y'], ['Cookie', 'flag']])).toEqual([{ name: 'a', value: '1' }, { name: 'b', value: 'x=y' }, { name: 'flag', value: '' }]);
    expect(responseCookies([['set-cookie', 'a=1; Domain=example.com']])).toEqual([{ name: 'a', value: '1', domain: 'example.com' }]);
  });
});

describe('harProblems (the test checker itself)', () => {
  it('finds a missing field, a custom field without _, and timings that do not add up', () => {
    const har = harOf([trace()], CREATOR) as unknown as { log: { entries: Array<Record<string, unknown>> } };
    const entry = har.log.entries[0] ?? {};
    delete entry.cache;
    entry.extra = 1;
    entry.time = 999;
    expect(harProblems(har)).toEqual([
      'log.entries[0].extra: not a HAR 1.2 field, and custom fields must start with _',
      'log.entries[0].cache: expected object, got undefined',
      'log.entries[0].time: 999, but its timings add up to 50',
    ]);
  });
});
