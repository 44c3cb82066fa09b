/**
 * Issue 17's options, checked where they are declared: a wrong `body`, `maxBodyBytes` or `errors`
 * fails at load time with a sentence saying what to write instead; an answer that cannot carry the
 * errors list (code that escaped the types) answers 500 with the reason in the report; and at the
 * edge, where the report hook does not exist, no plan is sent or logged.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod/mini';
import type { LogEntry, WorkerReport } from '@weft/platform';
import { api, MAX_REQUEST_BODY_BYTES, type CompositionErrorEntry } from '../../src/index.ts';
import { makeRequest, onEdge, readResponse } from '../helpers/edge.ts';
import { startOrigin, type Origin } from '../helpers/origin.ts';

let origin: Origin;
beforeAll(async () => {
  origin = await startOrigin({ '/user': { json: { id: 'u1' } }, '/down': { status: 503, json: {} } });
});
afterAll(() => origin.close());

describe('load-time checks', () => {
  it('body must be a Standard Schema', () => {
    // @ts-expect-error: a plain object is not a Standard Schema
    expect(() => api({ body: { sku: 'string' } })).toThrow("api(): body must be a Standard Schema v1 validator (zod, zod/mini, valibot, or an object with '~standard': { version: 1, vendor, validate }), got an object");
  });

  it('maxBodyBytes: a positive integer up to the platform limit, and only with a body schema', () => {
    const Body = z.object({ n: z.number() });
    expect(() => api({ body: Body, maxBodyBytes: MAX_REQUEST_BODY_BYTES + 1 })).toThrow(`api(): maxBodyBytes must be an integer from 1 to 1048576 (the platform streams at most 1 MB of a request body, spec §21.2), got ${MAX_REQUEST_BODY_BYTES + 1}`);
    expect(() => api({ body: Body, maxBodyBytes: 0 })).toThrow('maxBodyBytes must be an integer from 1 to 1048576');
    expect(() => api({ maxBodyBytes: 100 })).toThrow('api(): maxBodyBytes needs a body schema (api({ body: schema, maxBodyBytes })); without one the request body is not read');
  });

  it('errors.paths names declared sources and holds JSON Pointers', () => {
    const base = api().source('user', { url: 'https://api.test/user' }).merge(({ user }) => ({ user }));
    // @ts-expect-error: 'usr' is not a source
    expect(() => base.respond({ errors: { paths: { usr: '/user' } } })).toThrow('respond errors.paths: "usr" is not a declared source (declared: user)');
    // @ts-expect-error: a JSON Pointer starts with "/"
    expect(() => base.respond({ errors: { paths: { user: 'user' } } })).toThrow(`respond errors.paths.user: expected a JSON Pointer such as '/recommendations' (RFC 6901: empty, or starting with "/"), got "user"`);
    // @ts-expect-error: not an option value
    expect(() => base.respond({ errors: 'yes' })).toThrow("respond errors: expected true, false or { paths: { source: '/json/pointer' } }, got \"yes\"");
  });

  it('types: ctx.body is the schema output, and the answer gains an optional errors member only with the option', () => {
    const Order = z.object({ sku: z.string(), qty: z.number() });
    const withErrors = api({ body: Order })
      .source('price', { url: '/price/{body.sku}' })
      .merge((data, ctx) => {
        expectTypeOf(ctx.body).toEqualTypeOf<{ sku: string; qty: number }>();
        return { price: data.price };
      })
      .respond({ errors: true });
    type Answer = Awaited<ReturnType<typeof withErrors.run>> extends infer T ? (T extends { ok: true; data: infer D } ? D : never) : never;
    expectTypeOf<Answer['errors']>().toEqualTypeOf<CompositionErrorEntry[] | undefined>();
    const without = api().source('price', { url: '/p' }).respond();
    type Plain = Awaited<ReturnType<typeof without.run>> extends infer T ? (T extends { ok: true; data: infer D } ? D : never) : never;
    expectTypeOf<Plain>().toEqualTypeOf<{ readonly price: unknown }>();
  });
});

describe('at run time', () => {
  it('an answer that cannot carry the list (escaped the types): 500, and the report says why', async () => {
    const reports: WorkerReport[] = [];
    const composition = api()
      .source('user', { url: 'https://api.test/user' })
      .merge(({ user }) => [user] as unknown as { list: unknown[] })
      .respond({ errors: true });
    const response = await readResponse(await onEdge({ hosts: { 'api.test': origin.url }, reports }, () => composition.handle(makeRequest())));
    expect(response.status).toBe(500);
    expect(reports.map((r) => [r.code, r.error?.message])).toEqual([
      ['compose-merge', "respond({ errors }): the answer is an array; make merge return an object without an 'errors' member, or leave the option off"],
    ]);
  });

  it('the list in run(): a dependent of an absent source has reason dependency; exposeErrors adds the failure\'s message', async () => {
    const composition = api({ exposeErrors: true })
      .source('cart', { url: 'https://api.test/down', failure: 'optional' })
      .source('prices', { dependsOn: ['cart'], url: 'https://api.test/user' })
      .respond({ errors: true });
    const result = await onEdge({ hosts: { 'api.test': origin.url }, reports: [] }, () => composition.run(makeRequest()));
    expect(result.ok && result.errors).toEqual([
      { source: 'cart', path: '/cart', reason: 'status', fallback: false, status: 503, detail: 'source "cart": GET https://api.test/down answered 503' },
      { source: 'prices', path: '/prices', reason: 'dependency', fallback: false },
    ]);
    expect(result.ok && result.data).toEqual({ cart: undefined, prices: undefined, errors: result.ok ? result.errors : [] });
  });

  it('a request body that something else already locked: 400 request-body-unreadable, no source called', async () => {
    const before = origin.hits.length;
    const composition = api({ body: z.object({ n: z.number() }) }).source('user', { url: 'https://api.test/user' }).respond();
    const response = await readResponse(await onEdge({ hosts: { 'api.test': origin.url }, reports: [] }, () => {
      const request = makeRequest({ method: 'POST', headers: { 'content-type': 'application/json' } });
      (request.body as unknown as { getReader(): unknown }).getReader();
      return composition.handle(request);
    }));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ type: 'urn:weft:compose:request-body-unreadable', detail: 'the request body could not be read (already read, or broke off); send it again' });
    expect(origin.hits.length).toBe(before);
  });

  it('at the edge (no report hook) a composition sends no plan and logs nothing for it', async () => {
    const logs: LogEntry[] = [];
    const composition = api().source('user', { url: 'https://api.test/user' }).respond();
    const response = await readResponse(await onEdge({ hosts: { 'api.test': origin.url }, logs }, () => composition.handle(makeRequest())));
    expect(response.status).toBe(200);
    expect(logs).toEqual([]);
  });
});
