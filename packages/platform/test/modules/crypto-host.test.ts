/**
 * The host half of crypto on its own (issue 11, "the host is out of reach"): it answers with
 * primitives and tickets only, delivers after the call returns, copies realm bytes through internal
 * slots, keeps keys per realm, and treats every argument as untrusted.
 */
import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { createHash } from 'node:crypto';
import { HostContext } from '../../src/host/host-context.ts';
import { createCryptoHost } from '../../src/modules/crypto/host/index.ts';
import type { CryptoHost, KeyDescription } from '../../src/modules/crypto/host-api.ts';

type Delivery = [ticket: number, ok: boolean, value: string | number | boolean | null, name: string, code: string];

function setup(): { host: CryptoHost; ctx: HostContext; deliveries: Delivery[]; next: () => Promise<Delivery> } {
  const ctx = new HostContext();
  const deliveries: Delivery[] = [];
  const waiting: Array<(delivery: Delivery) => void> = [];
  ctx.attach({
    deliver: (...delivery: Delivery) => {
      deliveries.push(delivery);
      waiting.shift()?.(delivery);
    },
  }, { pull() {}, cancel() {} });
  const next = () => new Promise<Delivery>((resolve) => waiting.push(resolve));
  return { host: createCryptoHost(ctx), ctx, deliveries, next };
}

const SHA256 = JSON.stringify({ name: 'SHA-256' });
const HMAC_IMPORT = JSON.stringify({ name: 'HMAC', hash: 'SHA-256' });
const HMAC = JSON.stringify({ name: 'HMAC' });
const data = new Uint8Array([1, 2, 3]);

async function importHmac(env: ReturnType<typeof setup>, usages = ['sign', 'verify']): Promise<KeyDescription> {
  const delivered = env.next();
  env.host.cryptoImportKey('raw', new Uint8Array([7, 7, 7]), HMAC_IMPORT, JSON.stringify(usages));
  const [, ok, value] = await delivered;
  expect(ok).toBe(true);
  expect(typeof value).toBe('string');
  return JSON.parse(value as string) as KeyDescription;
}

describe('crypto host: tickets, deliveries and bytes', () => {
  it('answers with a ticket and delivers after the call returns; the bytes wait under the ticket', async () => {
    const env = setup();
    const delivered = env.next();
    const ticket = env.host.cryptoDigest(SHA256, data);
    expect(typeof ticket).toBe('number');
    expect(env.deliveries).toEqual([]);
    const [t, ok, length, name, code] = await delivered;
    expect([t, ok, length, name, code]).toEqual([ticket, true, 32, '', '']);
    const target = new Uint8Array(32);
    env.ctx.takeBytes(ticket, target);
    expect(Buffer.from(target).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('a key is described as JSON text (handle, type, algorithm, usages) and never handed out', async () => {
    const env = setup();
    const key = await importHmac(env);
    expect(key).toEqual({ handle: 1, type: 'secret', algorithm: { name: 'HMAC', hash: { name: 'SHA-256' }, length: 24 }, usages: ['sign', 'verify'] });
    const delivered = env.next();
    env.host.cryptoVerify(HMAC, key.handle, new Uint8Array(32), data);
    expect((await delivered).slice(1, 3)).toEqual([true, false]);
  });

  it('a failure is delivered as strings: the error name and a message naming the call', async () => {
    const env = setup();
    const delivered = env.next();
    env.host.cryptoImportKey('raw', new Uint8Array(15), JSON.stringify({ name: 'AES-GCM' }), '["encrypt"]');
    const [, ok, message, name] = await delivered;
    expect(ok).toBe(false);
    expect(name).toBe('DataError');
    expect(message).toMatch(/^crypto\.subtle\.importKey\(\): /);
  });

  it('copies realm bytes at once through internal slots, whatever the realm did to the array', async () => {
    const env = setup();
    const foreign = vm.runInNewContext(`
      const bytes = new Uint8Array([1, 2, 3]);
      Object.defineProperty(bytes, 'length', { get() { throw new Error('read length'); } });
      Object.defineProperty(bytes, 'buffer', { get() { throw new Error('read buffer'); } });
      Uint8Array.prototype.set = () => { throw new Error('called set'); };
      bytes;
    `) as Uint8Array;
    const delivered = env.next();
    const ticket = env.host.cryptoDigest(SHA256, foreign);
    await delivered;
    const target = new Uint8Array(32);
    env.ctx.takeBytes(ticket, target);
    expect(Buffer.from(target).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('keys belong to their realm\'s context, and a released key is gone', async () => {
    const a = setup();
    const b = setup();
    const key = await importHmac(a);
    expect(() => b.host.cryptoSign(HMAC, key.handle, data)).toThrow(/key must be a CryptoKey/);
    a.host.cryptoReleaseKey(key.handle);
    expect(() => a.host.cryptoSign(HMAC, key.handle, data)).toThrow(/key must be a CryptoKey/);
  });
});

describe('crypto host: every argument is untrusted', () => {
  const env = setup();

  it.each([
    ['algorithm that is no JSON', () => env.host.cryptoDigest('{name', data), /the algorithm is not valid JSON/],
    ['algorithm that is no string', () => env.host.cryptoDigest({ name: 'SHA-256' } as unknown as string, data), /the algorithm must arrive as JSON text/],
    ['algorithm outside the operation', () => env.host.cryptoDigest('{"name":"MD5"}', data), /must name one of SHA-1, SHA-256/],
    ['algorithm name not canonical', () => env.host.cryptoDigest('{"name":"sha-256"}', data), /must name one of/],
    ['member the dictionary lacks', () => env.host.cryptoDigest('{"name":"SHA-256","hash":"SHA-1"}', data), /SHA-256 takes no "hash"/],
    ['hex that is no hex', () => env.host.cryptoEncrypt('{"name":"AES-CBC","iv":"0g"}', 1, data), /AES-CBC's "iv" arrived as "0g", which is no bytes/],
    ['number that is no number', () => env.host.cryptoEncrypt('{"name":"AES-CTR","counter":"00","length":"64"}', 1, data), /"length" arrived as "64", which is no number/],
    ['hash outside §18', () => env.host.cryptoImportKey('raw', data, '{"name":"HMAC","hash":"MD5"}', '["sign"]'), /"hash" arrived as "MD5"/],
    ['missing required member', () => env.host.cryptoImportKey('raw', data, '{"name":"HMAC"}', '["sign"]'), /HMAC needs "hash"/],
    ['format outside the table', () => env.host.cryptoImportKey('raw', data, '{"name":"AES-CTR"}', '["encrypt"]'), /format "raw" is not supported for algorithm AES-CTR/],
    ['unknown format', () => env.host.cryptoImportKey('pem', data, '{"name":"AES-GCM"}', '["encrypt"]'), /format "pem" is not one of/],
    ['usage outside §18', () => env.host.cryptoImportKey('raw', data, '{"name":"AES-GCM"}', '["wrapKey"]'), /key usage "wrapKey" is not supported/],
    ['usages that are no array', () => env.host.cryptoImportKey('raw', data, '{"name":"AES-GCM"}', '"encrypt"'), /keyUsages must be an array/],
    ['key data that is no Uint8Array', () => env.host.cryptoImportKey('raw', [1, 2] as unknown as Uint8Array, '{"name":"AES-GCM"}', '["encrypt"]'), /keyData must be a Uint8Array/],
    ['an extractable JWK', () => env.host.cryptoImportKey('jwk', '{"kty":"oct","k":"AAAA","ext":true}', '{"name":"AES-CBC"}', '["encrypt"]'), /the JWK's "ext" arrived as true/],
    ['a JWK member of the wrong type', () => env.host.cryptoImportKey('jwk', '{"kty":"oct","k":{"toString":1}}', '{"name":"AES-CBC"}', '["encrypt"]'), /the JWK's "k" arrived as an object/],
    ['a JWK that is no object', () => env.host.cryptoImportKey('jwk', '[]', '{"name":"AES-CBC"}', '["encrypt"]'), /must be a JSON Web Key object/],
    ['data that is a Uint16Array', () => env.host.cryptoDigest(SHA256, new Uint16Array(2) as unknown as Uint8Array), /data must be a Uint8Array/],
    ['a handle that is no number', () => env.host.cryptoSign(HMAC, '1' as unknown as number, data), /key must be a CryptoKey/],
    ['a handle never issued', () => env.host.cryptoSign(HMAC, 99, data), /key must be a CryptoKey/],
  ])('%s is a TypeError thrown at the call, before any ticket', (_, attempt, message) => {
    const before = env.deliveries.length;
    expect(attempt).toThrow(message);
    expect(env.deliveries.length).toBe(before);
  });

  it('every host function returns a primitive', async () => {
    const key = await importHmac(env);
    const results = [
      env.host.cryptoDigest(SHA256, data),
      env.host.cryptoSign(HMAC, key.handle, data),
      env.host.cryptoVerify(HMAC, key.handle, data, data),
      env.host.cryptoReleaseKey(key.handle),
    ];
    for (const result of results) expect(result === undefined || typeof result === 'number').toBe(true);
  });
});
