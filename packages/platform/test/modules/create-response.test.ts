import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { ReadableStream } from '../../src/realm/streams.ts';
import { linkHostRealm } from '../../src/host/link-host-realm.ts';
import { createResponse, readCreatedResponse } from '../../src/modules/create-response/index.ts';
import { runInvocation } from '../../src/host/invocation.ts';
import { resolveLimits } from '../../src/limits.ts';
import { makeContext, readAll } from './helpers.ts';

// The limits profile (spec §21.2) is asked of the host, which reads the current invocation.
linkHostRealm();

describe('create-response: both call forms (spec §9)', () => {
  it('positional form keeps status, header pairs in order, body and deny reason', () => {
    const result = createResponse(403, { 'Content-Type': 'text/plain', 'X-Multi': ['a', 'b'] }, 'denied', 'bot');
    expect(Object.keys(result)).toEqual([]);
    expect(readCreatedResponse(result)).toEqual({
      status: 403,
      headers: [['Content-Type', 'text/plain'], ['X-Multi', 'a'], ['X-Multi', 'b']],
      body: 'denied',
      denyReason: 'bot',
    });
  });

  it('options form defaults to 200, no headers and an empty body', () => {
    expect(readCreatedResponse(createResponse())).toEqual({ status: 200, headers: [], body: '', denyReason: undefined });
    expect(readCreatedResponse(createResponse('hi', { status: 201, headers: { a: '1' } }))).toMatchObject({ status: 201, headers: [['a', '1']], body: 'hi' });
  });

  it('accepts both deny_reason and denyReason in the options (decisions 5)', () => {
    expect(readCreatedResponse(createResponse('', { status: 403, denyReason: 'x' }))?.denyReason).toBe('x');
    expect(readCreatedResponse(createResponse('', { status: 403, deny_reason: 'y' } as object))?.denyReason).toBe('y');
  });

  it('converts primitive header values and bodies with String() (decisions 26)', () => {
    const created = readCreatedResponse(createResponse(200, { 'X-N': 5, 'X-B': [true] } as object, 42 as unknown as string));
    expect(created?.headers).toEqual([['X-N', '5'], ['X-B', 'true']]);
    expect(created?.body).toBe('42');
  });

  it('readCreatedResponse rejects anything that is not a createResponse result (decisions 28)', () => {
    expect(readCreatedResponse({ status: 200 })).toBeUndefined();
    expect(readCreatedResponse('x')).toBeUndefined();
    expect(readCreatedResponse(null)).toBeUndefined();
  });
});

describe('create-response: validation', () => {
  // spec §9: status must be 200–599 (decisions 5)
  it.each([199, 600, 100, 200.5])('status %s is a RangeError naming the value and the range', (status) => {
    expect(() => createResponse(status, {}, '')).toThrow(RangeError);
    expect(() => createResponse(status, {}, '')).toThrow(new RegExp(`status ${status} .*200 to 599`));
    expect(() => createResponse('', { status })).toThrow(RangeError);
  });

  it('accepts the range bounds', () => {
    expect(readCreatedResponse(createResponse(200, {}, ''))?.status).toBe(200);
    expect(readCreatedResponse(createResponse(599, {}, ''))?.status).toBe(599);
  });

  it('a non-number status is a TypeError naming the value', () => {
    expect(() => createResponse('', { status: '200' as unknown as number })).toThrow(/status must be an integer from 200 to 599.*"200"/);
  });

  it('positional form needs headers', () => {
    expect(() => (createResponse as (...a: unknown[]) => object)(200)).toThrow(/headers is required/);
  });

  it('headers must be an object', () => {
    expect(() => createResponse(200, 'x' as unknown as object, '')).toThrow(/headers must be an object.*"x"/);
    expect(() => createResponse(200, [] as unknown as object, '')).toThrow(TypeError);
  });

  // spec §9: names and values must follow RFC 7230 §3.2
  it('an invalid header name is a TypeError naming it and the rule', () => {
    expect(() => createResponse(200, { 'Bad Name': 'x' }, '')).toThrow(/header name "Bad Name" is not a valid RFC 7230 token/);
  });

  it('a header value with CR/LF is a TypeError naming the value and header', () => {
    expect(() => createResponse(200, { 'X-A': 'a\r\nSet-Cookie: x' }, '')).toThrow(/value "a\\r\\nSet-Cookie: x" of header "X-A" contains a control character/);
  });

  it('a non-primitive header value is a TypeError', () => {
    expect(() => createResponse(200, { 'X-A': { a: 1 } } as unknown as Record<string, string>, '')).toThrow(/value of header "X-A" must be a string or an array of strings; got an object/);
  });

  it('a body that is neither string nor stream is a TypeError', () => {
    expect(() => createResponse(200, {}, { a: 1 } as unknown as string)).toThrow(/body must be a string or a ReadableStream of bytes; got an object/);
  });
});

describe('create-response: limits of the active profile (spec §21.2)', () => {
  it('string body is limited to 100,000 bytes, counted in UTF-8 bytes', () => {
    expect(readCreatedResponse(createResponse(200, {}, 'a'.repeat(100_000)))?.body).toHaveLength(100_000);
    expect(() => createResponse(200, {}, 'a'.repeat(100_001))).toThrow(/100001 bytes, over the limit of 100000 bytes/);
    expect(() => createResponse(200, {}, 'é'.repeat(50_001))).toThrow(/100002 bytes/);
  });

  it('status line plus headers: 16 KiB in "current", 8 KiB in "2025-03"', () => {
    const headers = { 'X-Big': 'v'.repeat(10_000) };
    expect(readCreatedResponse(createResponse(200, headers, ''))?.status).toBe(200);
    const old = makeContext({ limits: resolveLimits(200, '2025-03') });
    expect(() => runInvocation(old, () => createResponse(200, headers, ''))).toThrow(/over the limit of 8192 bytes of the "2025-03" limits profile/);
    expect(() => createResponse(200, { 'X-Big': 'v'.repeat(17_000) }, '')).toThrow(/over the limit of 16384 bytes/);
  });
});

describe('create-response: stream bodies', () => {
  it('passes a byte stream through', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('hello '));
        c.enqueue(new TextEncoder().encode('world'));
        c.close();
      },
    });
    const created = readCreatedResponse(createResponse(200, {}, body as unknown as string));
    expect(typeof created?.body).toBe('object');
    expect(await readAll(created?.body as ReadableStream<Uint8Array>)).toBe('hello world');
  });

  it('a locked stream is a TypeError saying so', () => {
    const body = new ReadableStream<Uint8Array>();
    body.getReader();
    expect(() => createResponse(200, {}, body as unknown as string)).toThrow(/body stream is locked/);
  });

  it('re-views other typed arrays as Uint8Array over the same bytes', async () => {
    const body = new ReadableStream({ start: (c) => { c.enqueue(new Uint16Array([0x6968])); c.close(); } });
    const created = readCreatedResponse(createResponse(body as unknown as string));
    expect(await readAll(created?.body as ReadableStream<Uint8Array>)).toBe('hi');
  });

  it('yields each chunk as a Uint8Array of this realm, the worker realm\'s own arrays as they are', async () => {
    const foreign = vm.runInNewContext('new Uint8Array([0x6f, 0x6b])') as Uint8Array;
    const body = new ReadableStream({ start: (c) => { c.enqueue(new Uint8Array([0x61])); c.enqueue(new DataView(new Uint8Array([0x62]).buffer)); c.enqueue(foreign); c.close(); } });
    const created = readCreatedResponse(createResponse(body as unknown as string));
    const chunks: Uint8Array[] = [];
    for await (const chunk of created?.body as ReadableStream<Uint8Array>) chunks.push(chunk);
    expect(Object.getPrototypeOf(chunks[0])).toBe(Uint8Array.prototype);
    expect(Object.getPrototypeOf(chunks[1])).toBe(Uint8Array.prototype);
    expect(chunks[2]).toBe(foreign);
    expect(chunks.map((c) => [...c])).toEqual([[0x61], [0x62], [0x6f, 0x6b]]);
  });

  it('an object dressed as a Uint8Array (toStringTag) is not bytes', async () => {
    const fake = { [Symbol.toStringTag]: 'Uint8Array', length: 1, 0: 0x61 };
    const body = new ReadableStream({ start: (c) => { c.enqueue(fake); c.close(); } });
    const created = readCreatedResponse(createResponse(body as unknown as string));
    await expect(readAll(created?.body as ReadableStream<Uint8Array>)).rejects.toThrow(/chunks must be Uint8Array/);
  });

  it('adapts a duck-typed stream (getReader only)', async () => {
    const chunks = [new TextEncoder().encode('ab')];
    const duck = { getReader: () => ({ read: async () => (chunks.length ? { done: false, value: chunks.shift() } : { done: true }), cancel: async () => {} }) };
    const created = readCreatedResponse(createResponse(duck as unknown as string));
    expect(await readAll(created?.body as ReadableStream<Uint8Array>)).toBe('ab');
  });

  it('a string chunk errors the stream with a TypeError telling to use TextEncoderStream', async () => {
    const body = new ReadableStream({ start: (c) => { c.enqueue('text'); c.close(); } });
    const created = readCreatedResponse(createResponse(body as unknown as string));
    await expect(readAll(created?.body as ReadableStream<Uint8Array>)).rejects.toThrow(/chunks must be Uint8Array.*"text".*TextEncoderStream/);
  });
});
