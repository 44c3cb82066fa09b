import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { z } from 'zod';
import * as zm from 'zod/mini';
import {
  all, any, captureContext, compileRoute, compileTemplate, cookie, country, createBudget, createLimiter, deriveCacheControl,
  device, not, parseFreshness, validate, DefinitionError, TemplateError,
} from '../../src/core/index.ts';
import { makeRequest } from '../helpers/edge.ts';

const ctxOf = (call: Parameters<typeof makeRequest>[0], route?: string) => captureContext(makeRequest(call), route === undefined ? undefined : compileRoute(route));

describe('route', () => {
  it('captures decoded parameters and rejects other paths', () => {
    const route = compileRoute('/users/:id/orders/:order');
    expect(route.match('/users/a%20b/orders/7')).toEqual({ id: 'a b', order: '7' });
    expect(route.match('/users/1/orders')).toBeUndefined();
    expect(compileRoute('/static/*').match('/static/a/b')).toEqual({});
  });
  it('refuses a malformed pattern, naming it', () => {
    expect(() => compileRoute('users')).toThrow(/route: expected a path pattern starting with "\/", got "users"/);
    expect(() => compileRoute('/a/:id/:id')).toThrow(/":id" appears twice/);
    expect(() => compileRoute('/a/*/b')).toThrow(/"\*" may only end/);
  });
});

describe('request context', () => {
  it('reads query, headers, cookies, variables, location and device from the platform request', () => {
    const ctx = ctxOf(
      {
        path: '/users/42',
        query: 'lang=fr&q=a+b&lang=de&flag',
        headers: { cookie: 'sid=abc; theme=dark', 'x-user': 'u1', accept: 'a' },
        variables: { PMUSER_TIER: 'gold' },
        location: { country: 'FR', city: 'PARIS' },
        device: { isMobile: 'false', isTablet: 'false' },
      },
      '/users/:id',
    );
    expect(ctx.params.id).toBe('42');
    expect(ctx.query).toEqual({ lang: 'fr', q: 'a b', flag: '' });
    expect(ctx.cookie('theme')).toBe('dark');
    expect(ctx.cookie('none')).toBeUndefined();
    expect(ctx.header('X-User')).toBe('u1');
    expect(ctx.variable('PMUSER_TIER')).toBe('gold');
    expect(ctx.location.country).toBe('FR');
    expect(ctx.device.isMobile).toBe(false);
  });
});

describe('templates', () => {
  const ctx = ctxOf({ path: '/p/7', query: 'lang=fr', headers: { 'x-id': 'a/b' }, location: { country: 'DE' } }, '/p/:id');
  it('fills request and dependency placeholders, encoding values in URLs', () => {
    const t = compileTemplate('/api/{params.id}/{header.x-id}?c={location.country}&s={cart.items.0.sku}&l={query.lang}&m={query.missing|en}', 'test');
    expect(t.dependencies).toEqual(['cart']);
    expect(t.render(ctx, { cart: { items: [{ sku: 'x y' }] } }, true)).toBe('/api/7/a%2Fb?c=DE&s=x%20y&l=fr&m=en');
    expect(t.render(ctx, { cart: { items: [{ sku: 'x y' }] } }, false)).toContain('/a/b?');
  });
  it('reads own fields only: a name Object.prototype has is no value of the data', () => {
    const t = compileTemplate('/{cart.constructor|none}/{cart.items.length}/{query.toString|q}/{cart.__proto__|p}', 'test');
    expect(t.render(ctx, { cart: { items: [1, 2] } }, false)).toBe('/none/2/q/p');
  });
  it('fails clearly on a missing value, a bad placeholder or unbalanced braces', () => {
    expect(() => compileTemplate('/x/{query.none}', 'source "a".url').render(ctx, {}, true)).toThrow(TemplateError);
    expect(() => compileTemplate('/x/{query.none}', 'source "a".url').render(ctx, {}, true)).toThrow(/placeholder \{query.none\} has no value.*\{query.none\|default\}/);
    expect(() => compileTemplate('/x/{nope}', 'w')).toThrow(/placeholder \{nope\} must be \{namespace.name\}/);
    expect(() => compileTemplate('/x/{query.a.b}', 'w')).toThrow(/takes exactly one name/);
    expect(() => compileTemplate('/x/{query.a', 'w')).toThrow(DefinitionError);
    expect(() => compileTemplate('/{cart}', 'w')).toThrow(/must be \{namespace.name\}/);
  });
});

describe('conditions', () => {
  const desktopFr = ctxOf({ location: { country: 'FR' }, device: { isMobile: 'false', isTablet: 'false' }, headers: { cookie: 'beta=1' } });
  const mobileUs = ctxOf({ location: { country: 'US' }, device: { isMobile: 'true' } });
  const unknown = ctxOf({});
  it('country, device, cookie and combinators', () => {
    expect(country('fr', 'de')(desktopFr)).toBe(true);
    expect(country('FR')(mobileUs)).toBe(false);
    expect(device.desktop(desktopFr)).toBe(true);
    expect(device.mobile(mobileUs)).toBe(true);
    // Without device data nothing is known, so a desktop-only part is not shown.
    expect(device.desktop(unknown)).toBe(false);
    expect(cookie('beta', '1')(desktopFr)).toBe(true);
    expect(cookie('beta', /^2/)(desktopFr)).toBe(false);
    expect(all(country('FR'), device.desktop)(desktopFr, undefined)).toBe(true);
    expect(any(country('US'), not(device.desktop))(desktopFr, undefined)).toBe(false);
  });
});

describe('limiter', () => {
  it('never runs more than the limit and starts queued tasks in order', async () => {
    const limiter = createLimiter(2);
    const started: number[] = [];
    const gates: Array<() => void> = [];
    let peak = 0;
    const tasks = [0, 1, 2, 3, 4].map((i) =>
      limiter.run(() => {
        started.push(i);
        peak = Math.max(peak, limiter.active);
        return new Promise<number>((resolve) => gates.push(() => resolve(i)));
      }),
    );
    expect(started).toEqual([0, 1]);
    expect(limiter.pending).toBe(3);
    while (gates.length > 0) {
      (gates.shift() as () => void)();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });
  it('releases the slot when a task throws synchronously or rejects', async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run(() => { throw new Error('sync'); })).rejects.toThrow('sync');
    await expect(limiter.run(() => Promise.reject(new Error('async')))).rejects.toThrow('async');
    expect(await limiter.run(() => 5)).toBe(5);
    expect(limiter.active).toBe(0);
  });
  it('refuses a bad limit', () => {
    expect(() => createLimiter(0)).toThrow(/concurrency: expected an integer of at least 1, got 0/);
  });
});

describe('time budget', () => {
  it('with a frozen clock (spec §1.3: Date does not advance in a handler) it bounds elapsed time by finished timeouts', () => {
    const budget = createBudget(1000, () => 5_000);
    const first = budget.slot(300);
    expect(first).toEqual({ timeout: 300, finishBound: 300 });
    budget.settled(first as NonNullable<typeof first>);
    // A dependent starting after "first" settled may have at most 700 ms left.
    expect(budget.slot(undefined)).toEqual({ timeout: 700, finishBound: 1000 });
    expect(budget.slot(200)?.timeout).toBe(200);
    budget.settled({ timeout: 700, finishBound: 1000 });
    expect(budget.slot(100)).toBeUndefined();
  });
  it('uses the measured time once the clock advances', () => {
    let now = 0;
    const budget = createBudget(1000, () => now);
    budget.settled({ timeout: 900, finishBound: 900 });
    now = 120;
    expect(budget.slot(undefined)?.timeout).toBe(880);
    expect(budget.remaining()).toBe(880);
  });
  it('without a deadline passes only the source timeout', () => {
    expect(createBudget(undefined).slot(undefined)?.timeout).toBeUndefined();
    expect(createBudget(undefined).slot(250.7)?.timeout).toBe(250);
    expect(() => createBudget(-1)).toThrow(/deadline: expected a positive number of milliseconds, got -1/);
  });
});

describe('freshness', () => {
  it('derives the stalest freshness; no-store, private and partial win', () => {
    const a = parseFreshness('public, max-age=60', undefined);
    const b = parseFreshness('max-age=600, s-maxage=30', '10');
    expect(b.maxAge).toBe(20);
    expect(deriveCacheControl([a, b], false)).toBe('public, max-age=20');
    expect(deriveCacheControl([a, parseFreshness('private, max-age=90', undefined)], false)).toBe('private, max-age=60');
    expect(deriveCacheControl([a, parseFreshness('no-store', undefined)], false)).toBe('no-store');
    expect(deriveCacheControl([a, parseFreshness(undefined, undefined)], false)).toBe('no-cache');
    expect(deriveCacheControl([a], true)).toBe('no-store');
    expect(parseFreshness('no-cache, max-age=100', undefined).maxAge).toBe(0);
  });
});

describe('Standard Schema validation', () => {
  const value = { items: [{ sku: 'a', price: 'free' }] };
  it.each([
    ['zod', z.object({ items: z.array(z.object({ sku: z.string(), price: z.number() })) })],
    ['zod/mini', zm.object({ items: zm.array(zm.object({ sku: zm.string(), price: zm.number() })) })],
    ['valibot', v.object({ items: v.array(v.object({ sku: v.string(), price: v.number() })) })],
  ])('%s: names the failing path', async (_name, schema) => {
    const result = await validate(schema, value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatch(/^items\[0\]\.price: /);
    const good = await validate(schema, { items: [{ sku: 'a', price: 1 }] });
    expect(good).toEqual({ ok: true, value: { items: [{ sku: 'a', price: 1 }] } });
  });
});
