import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, captureContext, cookie, country, device, path, rules } from '../../src/index.ts';
import { makeRequest, onEdge, readResponse } from '../helpers/edge.ts';
import { startOrigin, type Origin } from '../helpers/origin.ts';

let origin: Origin;
beforeAll(async () => {
  origin = await startOrigin({ '/v1': { json: { v: 1 } }, '/v2': { json: { v: 2 } }, '/item': (req) => ({ json: { url: req.url } }) });
});
afterAll(() => origin.close());

const v1 = api().source('data', { url: 'https://api.test/v1' }).respond();
const v2 = api().source('data', { url: 'https://api.test/v2' }).respond();
const item = api({ route: '/items/:id' }).source('item', { url: 'https://api.test/item?id={params.id}' }).respond();

const router = rules(
  [
    { name: 'embargo', when: country('KP'), use: { status: 451, json: { error: 'unavailable in your country' } } },
    { name: 'items', when: path('/items/:id'), use: item },
    { name: 'beta', when: cookie('beta', '1'), use: v2 },
    { name: 'mobile', when: device.mobile, use: (ctx) => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: `mobile ${ctx.path}` }) },
  ],
  { default: v1 },
);

const call = async (request: Parameters<typeof makeRequest>[0]) => readResponse(await onEdge({ hosts: { 'api.test': origin.url } }, () => router.handle(makeRequest(request))));

describe('rules', () => {
  it('takes the first rule that holds, in order, else the default', async () => {
    expect(JSON.parse((await call({})).text)).toEqual({ data: { v: 1 } });
    expect(JSON.parse((await call({ headers: { cookie: 'beta=1' } })).text)).toEqual({ data: { v: 2 } });
    const embargoed = await call({ location: { country: 'KP' }, headers: { cookie: 'beta=1' } });
    expect(embargoed.status).toBe(451);
    expect(JSON.parse(embargoed.text)).toEqual({ error: 'unavailable in your country' });
    const mobile = await call({ path: '/m', device: { isMobile: 'true' } });
    expect(mobile).toMatchObject({ status: 200, text: 'mobile /m' });
    expect(JSON.parse((await call({ path: '/items/42' })).text)).toEqual({ item: { url: '/item?id=42' } });
  });

  it('says which rule chose', () => {
    expect(router.choose(ctxFor({ headers: { cookie: 'beta=1' } })).rule).toBe('beta');
    expect(router.choose(ctxFor({})).rule).toBe('default');
  });

  it('answers 500 with a problem body when a condition throws, naming the error only under exposeErrors', async () => {
    const throwing = rules([{ when: () => { throw new Error('bad cond'); }, use: v1 }], { default: v1 });
    const response = await readResponse(await onEdge({}, () => throwing.handle(makeRequest())));
    expect(response.status).toBe(500);
    expect(JSON.parse(response.text)).toMatchObject({ type: 'urn:weft:compose:rule-failed', detail: 'no rule could choose an answer' });
    const exposed = rules([{ when: () => { throw new Error('bad cond'); }, use: v1 }], { default: v1, exposeErrors: true });
    expect(JSON.parse((await readResponse(await onEdge({}, () => exposed.handle(makeRequest())))).text)).toMatchObject({ detail: 'bad cond' });
  });

  it('refuses malformed rules at declaration time', () => {
    expect(() => rules([{ when: 'FR' as never, use: v1 }], { default: v1 })).toThrow(/rules\[0\] \(#0\).when: expected a function \(ctx\) => boolean, got "FR"/);
    expect(() => rules([{ name: 'x', when: () => true, use: 5 as never }], { default: v1 })).toThrow(/rules\[0\] \(x\).use: expected a composition/);
    expect(() => rules([{ name: 'gone', when: () => true, use: { status: 999 } }], { default: v1 })).toThrow(/rules\[0\] \(gone\).use.status: expected an integer from 200 to 599 \(decisions 5\), got 999/);
    expect(() => rules([], {} as never)).toThrow(/second argument must be \{ default: composition \| response \}/);
  });
});

function ctxFor(request: Parameters<typeof makeRequest>[0]) {
  return captureContext(makeRequest(request));
}
