/**
 * crypto inside a worker realm (issue 11, "one realm"): the module bundled with esbuild as the
 * runtime bundles the platform (platform 'neutral'), evaluated in a fresh vm context and linked to
 * the host half. Every check runs inside that realm, against that realm's intrinsics.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import vm from 'node:vm';
import { freshRealm, sourceOf } from './fresh-realm.ts';

function realmWithCrypto(): vm.Context {
  return freshRealm([`export { crypto } from ${sourceOf('modules/crypto/index.ts')};`]);
}

let context: vm.Context;
beforeAll(() => {
  context = realmWithCrypto();
});

/** Runs `body` (an async function body using `crypto`) in the realm; it returns a JSON-able report. */
async function inRealm(body: string, input: unknown = null): Promise<Record<string, unknown>> {
  const run = vm.runInContext(`(async (input) => { const { crypto } = platform; ${body} })`, context) as (input: string) => Promise<unknown>;
  return JSON.parse(JSON.stringify(await run(JSON.stringify(input)))) as Record<string, unknown>;
}

describe('crypto in the worker realm: everything it hands out is the realm\'s own', () => {
  it('results, keys and their members are built from the realm\'s intrinsics', async () => {
    const report = await inRealm(`
      const own = (value, Ctor) => value instanceof Ctor && Object.getPrototypeOf(value) === Ctor.prototype;
      const digestCall = crypto.subtle.digest('SHA-256', new Uint8Array([1, 2, 3]).buffer);
      const digest = await digestCall;
      const key = await crypto.subtle.importKey('raw', new Uint8Array([1, 2, 3]).buffer, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
      const signature = await crypto.subtle.sign('HMAC', key, new DataView(new ArrayBuffer(4)));
      const verified = await crypto.subtle.verify('HMAC', key, signature, new Int16Array(2));
      const random = crypto.getRandomValues(new Uint32Array(4));
      return {
        promise: own(digestCall, Promise),
        digest: own(digest, ArrayBuffer) && digest.byteLength === 32,
        signature: own(signature, ArrayBuffer) && signature.byteLength === 32,
        verified,
        key: Object.prototype.toString.call(key) === '[object CryptoKey]' && key.extractable === false && key.type === 'secret',
        algorithm: own(key.algorithm, Object) && own(key.algorithm.hash, Object) && key.algorithm.hash.name === 'SHA-256',
        usages: own(key.usages, Array) && key.usages.join() === 'sign,verify',
        random: own(random, Uint32Array) && random.some((v) => v !== 0),
      };
    `);
    expect(report).toEqual({ promise: true, digest: true, signature: true, verified: true, key: true, algorithm: true, usages: true, random: true });
  });

  it('an RSA key\'s publicExponent is a Uint8Array of the realm', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const report = await inRealm(`
      const jwk = JSON.parse(input);
      const key = await crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
      const e = key.algorithm.publicExponent;
      return { exponent: e instanceof Uint8Array && Object.getPrototypeOf(e) === Uint8Array.prototype && [...e].join() === '1,0,1', type: key.type };
    `, publicKey.export({ format: 'jwk' }));
    expect(report).toEqual({ exponent: true, type: 'public' });
  });

  it('every rejection and throw is an error of the realm: TypeError, or its DOMException by name', async () => {
    const report = await inRealm(`
      const caught = async (attempt) => {
        try { await attempt(); return 'no error'; } catch (error) {
          return (error instanceof Error ? 'realm ' : 'foreign ') + error.name;
        }
      };
      const aes = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['decrypt']);
      return {
        badAlgorithm: await caught(() => crypto.subtle.digest('MD5', new Uint8Array(1))),
        badData: await caught(() => crypto.subtle.digest('SHA-256', 'text')),
        forgedKey: await caught(() => crypto.subtle.sign('HMAC', { type: 'secret' }, new Uint8Array(1))),
        wrongUsage: await caught(() => crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, aes, new Uint8Array(1))),
        failedDecrypt: await caught(() => crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, aes, new Uint8Array(32))),
        badKeyData: await caught(() => crypto.subtle.importKey('raw', new Uint8Array(5), 'AES-GCM', false, ['decrypt'])),
        floatArray: await caught(() => crypto.getRandomValues(new Float32Array(1))),
        tooLarge: await caught(() => crypto.getRandomValues(new Uint8Array(65537))),
        typeErrorIsRealm: await (async () => { try { await crypto.subtle.digest('SHA-256', 1); } catch (e) { return e instanceof TypeError && Object.getPrototypeOf(e) === TypeError.prototype; } })(),
        argumentErrorsReject: (() => { const p = crypto.subtle.digest(1, 2); p.catch(() => {}); return p instanceof Promise; })(),
      };
    `);
    expect(report).toEqual({
      badAlgorithm: 'realm NotSupportedError',
      badData: 'realm TypeError',
      forgedKey: 'realm TypeError',
      wrongUsage: 'realm InvalidAccessError',
      failedDecrypt: 'realm OperationError',
      badKeyData: 'realm DataError',
      floatArray: 'realm TypeMismatchError',
      tooLarge: 'realm QuotaExceededError',
      typeErrorIsRealm: true,
      argumentErrorsReject: true,
    });
  });
});
