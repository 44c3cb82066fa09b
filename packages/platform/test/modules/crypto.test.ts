import { beforeAll, describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { createHmac, generateKeyPairSync, createSign } from 'node:crypto';
import { TextDecoder, TextEncoder } from 'node:util';
import { linkHostRealm } from '../../src/host/link-host-realm.ts';
import { crypto, pem2ab } from '../../src/modules/crypto/index.ts';
import { builtinModule } from '../../src/modules/index.ts';

const encoder = new TextEncoder();
const hex = (buffer: ArrayBuffer) => Buffer.from(buffer).toString('hex');
const base64url = { decode: (text: string) => new Uint8Array(Buffer.from(text, 'base64url')) };

beforeAll(() => {
  linkHostRealm();
});

describe('crypto: getRandomValues (spec §18)', () => {
  it('fills integer arrays in place and returns the same array', () => {
    const array = new Uint32Array(8);
    expect(crypto.getRandomValues(array)).toBe(array);
    expect(array.some((v) => v !== 0)).toBe(true);
    const foreign = vm.runInNewContext('new Uint8Array(16)') as Uint8Array;
    expect(crypto.getRandomValues(foreign)).toBe(foreign);
  });

  it('rejects float arrays and more than 65,536 bytes, naming the value and the rule', () => {
    expect(() => crypto.getRandomValues(new Float64Array(2) as unknown as Uint8Array)).toThrow(/array must be an integer typed array.*got an object \(Float64Array\)/);
    expect(() => crypto.getRandomValues([1, 2] as unknown as Uint8Array)).toThrow(/got an array of length 2/);
    expect(() => crypto.getRandomValues(new Uint8Array(65_537))).toThrow(/array is 65537 bytes; at most 65536 bytes/);
    expect(crypto.getRandomValues(new Uint8Array(65_536))).toHaveLength(65_536);
  });
});

describe('crypto: digest', () => {
  // spec §18 fixture from [DOC]
  it('SHA-256 of "Gus and Owen say hi."', async () => {
    const data = new Uint8Array([71, 117, 115, 32, 97, 110, 100, 32, 79, 119, 101, 110, 32, 115, 97, 121, 32, 104, 105, 46]);
    expect(hex(await crypto.subtle.digest('SHA-256', data))).toBe('d87303c776e767aa617e9e5c8a3238a2f7c3e98ea395165786d97322bd731415');
    expect(hex(await crypto.subtle.digest({ name: 'sha-256' }, data))).toBe('d87303c776e767aa617e9e5c8a3238a2f7c3e98ea395165786d97322bd731415');
  });

  it('SHA-1/384/512 work; MD5 is not supported', async () => {
    expect(hex(await crypto.subtle.digest('SHA-1', encoder.encode('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect((await crypto.subtle.digest('SHA-384', encoder.encode(''))).byteLength).toBe(48);
    expect((await crypto.subtle.digest('SHA-512', encoder.encode(''))).byteLength).toBe(64);
    await expect(crypto.subtle.digest('MD5', encoder.encode(''))).rejects.toThrow(/algorithm "MD5" is not supported; EdgeWorkers supports SHA-1, SHA-256, SHA-384, SHA-512/);
  });
});

describe('crypto: HMAC and the HS256 JWT example of [DOC]', () => {
  const header = { alg: 'HS256', typ: 'JWT' };
  const payload = { sub: 'employee0', name: 'Tom Leighton', iat: 903640001 };
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const signingInput = `${part(header)}.${part(payload)}`;
  const token = `${signingInput}.${createHmac('sha256', 'secret').update(signingInput).digest('base64url')}`;

  async function verifyJwt(jwt: string): Promise<string> {
    const [h = '', p = '', s = ''] = jwt.split('.');
    const key = await crypto.subtle.importKey('raw', encoder.encode('secret'), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    const ok = await crypto.subtle.verify('HMAC', key, base64url.decode(s) as Uint8Array, encoder.encode(`${h}.${p}`));
    if (!ok) throw new Error('bad signature');
    const text = new TextDecoder();
    return JSON.stringify([JSON.parse(text.decode(base64url.decode(h) as Uint8Array)), JSON.parse(text.decode(base64url.decode(p) as Uint8Array))]);
  }

  it('verifies and prints the documented output', async () => {
    expect(await verifyJwt(token)).toBe('[{"alg":"HS256","typ":"JWT"},{"sub":"employee0","name":"Tom Leighton","iat":903640001}]');
  });

  it('rejects a tampered token', async () => {
    await expect(verifyJwt(token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).rejects.toThrow('bad signature');
  });

  it('signs like Node and imports a JWK HMAC key', async () => {
    const key = await crypto.subtle.importKey('jwk', { kty: 'oct', k: Buffer.from('secret').toString('base64url'), alg: 'HS256' }, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const signature = await crypto.subtle.sign('HMAC', key, encoder.encode('data'));
    expect(hex(signature)).toBe(createHmac('sha256', 'secret').update('data').digest('hex'));
  });
});

describe('crypto: asymmetric keys and pem2ab', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

  it('RSASSA-PKCS1-v1_5: verifies a Node signature with an spki key from pem2ab', async () => {
    const signature = createSign('sha256').update('message').sign(rsa.privateKey);
    const key = await crypto.subtle.importKey('spki', pem2ab(rsa.publicKey), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    expect(key.extractable).toBe(false);
    expect(key.type).toBe('public');
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, encoder.encode('message'))).toBe(true);
  });

  it('RSA-PSS and ECDSA sign/verify round trips through pkcs8/spki', async () => {
    const priv = await crypto.subtle.importKey('pkcs8', pem2ab(rsa.privateKey), { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
    const pub = await crypto.subtle.importKey('spki', pem2ab(rsa.publicKey), { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['verify']);
    const sig = await crypto.subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, priv, encoder.encode('x'));
    expect(await crypto.subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, pub, sig, encoder.encode('x'))).toBe(true);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const ecPriv = await crypto.subtle.importKey('pkcs8', pem2ab(ec.privateKey), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const ecPub = await crypto.subtle.importKey('spki', pem2ab(ec.publicKey), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const ecSig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, ecPriv, encoder.encode('y'));
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, ecPub, ecSig, encoder.encode('y'))).toBe(true);
  });

  it('RSA-OAEP with JWK keys encrypts and decrypts', async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pub = await crypto.subtle.importKey('jwk', { ...pair.publicKey.export({ format: 'jwk' }), alg: 'RSA-OAEP-256' }, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
    const priv = await crypto.subtle.importKey('jwk', { ...pair.privateKey.export({ format: 'jwk' }), alg: 'RSA-OAEP-256' }, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
    const sealed = await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, pub, encoder.encode('secret'));
    expect(new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, priv, sealed))).toBe('secret');
  });

  it('pem2ab rejects mismatched markers and illegal characters with a TypeError', () => {
    expect(() => pem2ab('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toThrow(/markers do not match: BEGIN "PUBLIC KEY" but END "PRIVATE KEY"/);
    expect(() => pem2ab('-----BEGIN KEY-----\nAA*A\n-----END KEY-----')).toThrow(/illegal character "\*"/);
    expect(() => pem2ab('-----BEGIN KEY-----\nAAA\n-----END KEY-----')).toThrow(/length 3 is not a multiple of 4/);
    expect(() => pem2ab('no markers')).toThrow(TypeError);
    expect([...new Uint8Array(pem2ab('-----BEGIN X-----\r\nAQID\r\n-----END X-----\n'))]).toEqual([1, 2, 3]);
  });
});

describe('crypto: AES', () => {
  const raw = new Uint8Array(16).fill(7);
  const iv = new Uint8Array(16).fill(1);

  it('AES-CBC (string algorithm) and AES-GCM raw keys round-trip; AES-CTR takes JWK', async () => {
    const cbc = await crypto.subtle.importKey('raw', raw, 'AES-CBC', false, ['encrypt', 'decrypt']);
    const sealed = await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, cbc, encoder.encode('hello'));
    expect(new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, cbc, sealed))).toBe('hello');
    const gcm = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    const g = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv.subarray(0, 12) }, gcm, encoder.encode('hi'));
    expect(new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv.subarray(0, 12) }, gcm, g))).toBe('hi');
    const ctr = await crypto.subtle.importKey('jwk', { kty: 'oct', k: Buffer.from(raw).toString('base64url'), alg: 'A128CTR' }, 'AES-CTR', false, ['encrypt']);
    expect((await crypto.subtle.encrypt({ name: 'AES-CTR', counter: iv, length: 64 }, ctr, encoder.encode('abc'))).byteLength).toBe(3);
  });
});

describe('crypto: importKey rules (spec §18)', () => {
  const raw = new Uint8Array(16);

  it.each([
    ['raw', 'AES-CTR'],
    ['raw', 'RSA-OAEP'],
    ['jwk', 'AES-GCM'],
    ['pkcs8', 'HMAC'],
    ['raw', 'RSA-PSS'],
    ['spki', 'AES-CBC'],
  ])('format %s with %s rejects naming both', async (format, name) => {
    const attempt = crypto.subtle.importKey(format, raw, { name, hash: 'SHA-256' }, false, ['encrypt']);
    await expect(attempt).rejects.toThrow(new RegExp(`format "${format}" is not supported for algorithm ${name}`));
    await expect(attempt).rejects.toMatchObject({ name: 'NotSupportedError' });
  });

  it('extractable must be false', async () => {
    await expect(crypto.subtle.importKey('raw', raw, 'AES-GCM', true, ['encrypt'])).rejects.toThrow(/extractable must be false on EdgeWorkers.*got true/);
  });

  it("a JWK's ext must agree with extractable", async () => {
    const jwk = { kty: 'oct', k: Buffer.from(raw).toString('base64url'), ext: true };
    await expect(crypto.subtle.importKey('jwk', jwk, 'AES-CBC', false, ['encrypt'])).rejects.toThrow(/the JWK's "ext" \(true\) must agree with extractable \(false\)/);
    expect((await crypto.subtle.importKey('jwk', { ...jwk, ext: false }, 'AES-CBC', false, ['encrypt'])).extractable).toBe(false);
  });

  it('unknown formats, algorithms and usages reject naming the value', async () => {
    await expect(crypto.subtle.importKey('pem', raw, 'AES-GCM', false, ['encrypt'])).rejects.toThrow(/format "pem" is not one of raw, pkcs8, spki, jwk/);
    await expect(crypto.subtle.importKey('raw', raw, 'AES-KW', false, ['wrapKey'])).rejects.toThrow(/algorithm "AES-KW" is not supported/);
    await expect(crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['wrapKey'])).rejects.toThrow(/key usage "wrapKey" is not supported; EdgeWorkers keys allow encrypt, decrypt, sign, verify/);
    await expect(crypto.subtle.importKey('raw', raw, 42 as unknown as string, false, ['encrypt'])).rejects.toThrow(/algorithm must be a name or an object with a string "name"; got 42/);
  });

  it('operations check their algorithm lists and string forms', async () => {
    const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt']);
    await expect(crypto.subtle.encrypt('AES-GCM' as unknown as object, key, raw)).rejects.toThrow(/algorithm AES-GCM must be given as an object with its parameters/);
    await expect(crypto.subtle.encrypt({ name: 'HMAC' }, key, raw)).rejects.toThrow(/encrypt\(\): algorithm "HMAC" is not supported; EdgeWorkers supports AES-CBC, AES-CTR, AES-GCM, RSA-OAEP/);
    await expect(crypto.subtle.sign('ECDSA', key, raw)).rejects.toThrow(/algorithm ECDSA must be given as an object/);
  });

  it('the module exposes only the documented subtle methods', () => {
    const ns = builtinModule('crypto') as { crypto: { subtle: object } };
    expect(Object.keys(ns).sort()).toEqual(['crypto', 'pem2ab']);
    expect(Object.keys(ns.crypto.subtle).sort()).toEqual(['decrypt', 'digest', 'encrypt', 'importKey', 'sign', 'verify']);
  });
});
