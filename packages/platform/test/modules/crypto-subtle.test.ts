/**
 * crypto.subtle through the door (issue 11): every §18 algorithm round-trips, keys in every format
 * the table allows, any BufferSource as input, and keys that only importKey can make.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { createCipheriv, createHash, createHmac, createSign, createVerify, generateKeyPairSync, KeyObject, constants } from 'node:crypto';
import { linkHostRealm } from '../../src/host/link-host-realm.ts';
import { crypto } from '../../src/modules/crypto/index.ts';

const { subtle } = crypto;
const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const hex = (buffer: ArrayBuffer) => Buffer.from(buffer).toString('hex');
const text = (buffer: ArrayBuffer) => Buffer.from(buffer).toString();

beforeAll(() => {
  linkHostRealm();
});

function der(key: KeyObject): Uint8Array {
  const exported = key.type === 'public' ? key.export({ type: 'spki', format: 'der' }) : key.export({ type: 'pkcs8', format: 'der' });
  return new Uint8Array(exported);
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

describe('digest: every §18 hash, as Node computes it', () => {
  it.each(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'])('%s', async (name) => {
    const data = bytes('The quick brown fox');
    const digest = await subtle.digest(name, data);
    expect(digest).toBeInstanceOf(ArrayBuffer);
    expect(hex(digest)).toBe(createHash(name.replace('-', '').toLowerCase()).update(data).digest('hex'));
    expect(hex(await subtle.digest({ name: name.toLowerCase() }, data))).toBe(hex(digest));
  });
});

describe('BufferSource: ArrayBuffer, every typed array, DataView, and another realm\'s', () => {
  const data = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const expected = createHash('sha256').update(data.subarray(2, 8)).digest('hex');

  it('reads exactly the view\'s bytes, whatever its kind and offset', async () => {
    const buffer = data.buffer;
    expect(hex(await subtle.digest('SHA-256', buffer.slice(2, 8)))).toBe(expected);
    expect(hex(await subtle.digest('SHA-256', new DataView(buffer, 2, 6)))).toBe(expected);
    expect(hex(await subtle.digest('SHA-256', new Int16Array(buffer, 2, 3)))).toBe(expected);
    expect(hex(await subtle.digest('SHA-256', new Uint32Array(new Uint8Array([3, 4, 5, 6, 7, 8, 0, 0]).buffer, 0, 1)))).toBe(createHash('sha256').update(Buffer.from([3, 4, 5, 6])).digest('hex'));
    expect(hex(await subtle.digest('SHA-256', new Float64Array(1)))).toBe(createHash('sha256').update(Buffer.alloc(8)).digest('hex'));
  });

  it('accepts another realm\'s ArrayBuffer and views (the worker\'s, from the host realm\'s side)', async () => {
    const foreign = vm.runInNewContext('({ buffer: new Uint8Array([3,4,5,6,7,8]).buffer, view: new DataView(new Uint8Array([0,0,3,4,5,6,7,8]).buffer, 2) })') as { buffer: ArrayBuffer; view: DataView };
    expect(foreign.buffer instanceof ArrayBuffer).toBe(false);
    expect(hex(await subtle.digest('SHA-256', foreign.buffer))).toBe(expected);
    expect(hex(await subtle.digest('SHA-256', foreign.view))).toBe(expected);
    const key = await subtle.importKey('raw', foreign.buffer, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    expect(hex(await subtle.sign('HMAC', key, foreign.view))).toBe(createHmac('sha256', Buffer.from([3, 4, 5, 6, 7, 8])).update(Buffer.from([3, 4, 5, 6, 7, 8])).digest('hex'));
  });

  it('rejects what is no BufferSource, naming the argument and the value', async () => {
    await expect(subtle.digest('SHA-256', 'abc' as unknown as Uint8Array)).rejects.toThrow(/digest\(\): data must be an ArrayBuffer, a typed array or a DataView; got "abc"/);
    await expect(subtle.digest('SHA-256', [1, 2] as unknown as Uint8Array)).rejects.toThrow(/got an array of length 2/);
    const fake = { [Symbol.toStringTag]: 'Uint8Array', byteLength: 3, buffer: new ArrayBuffer(3) };
    await expect(subtle.digest('SHA-256', fake as unknown as Uint8Array)).rejects.toBeInstanceOf(TypeError);
    await expect(subtle.importKey('raw', { kty: 'oct' }, 'AES-GCM', false, ['encrypt'])).rejects.toThrow(/keyData \(format "raw"\) must be an ArrayBuffer/);
  });

  it('copies the input when called: changing it afterwards changes nothing', async () => {
    const input = bytes('stable');
    const pending = subtle.digest('SHA-256', input);
    input.fill(0);
    expect(hex(await pending)).toBe(createHash('sha256').update('stable').digest('hex'));
  });
});

describe('HMAC: raw and JWK keys', () => {
  it.each(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'])('signs like Node and verifies with %s', async (hash) => {
    const secret = bytes('k3y');
    const key = await subtle.importKey('raw', secret, { name: 'HMAC', hash }, false, ['sign', 'verify']);
    const signature = await subtle.sign('HMAC', key, bytes('message'));
    expect(hex(signature)).toBe(createHmac(hash.replace('-', '').toLowerCase(), secret).update('message').digest('hex'));
    expect(await subtle.verify('HMAC', key, signature, bytes('message'))).toBe(true);
    expect(await subtle.verify({ name: 'HMAC' }, key, signature, bytes('messagE'))).toBe(false);
  });

  it('JWK with hash given as an object, and the key describes itself', async () => {
    const key = await subtle.importKey('jwk', { kty: 'oct', k: Buffer.from('secret').toString('base64url'), alg: 'HS512', key_ops: ['sign'] }, { name: 'hmac', hash: { name: 'sha-512' } }, false, ['sign']);
    expect(key.type).toBe('secret');
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toEqual({ name: 'HMAC', hash: { name: 'SHA-512' }, length: 48 });
    expect(key.usages).toEqual(['sign']);
    expect(Object.prototype.toString.call(key)).toBe('[object CryptoKey]');
    expect(hex(await subtle.sign('HMAC', key, new DataView(bytes('d').buffer)))).toBe(createHmac('sha512', 'secret').update('d').digest('hex'));
  });
});

describe('RSASSA-PKCS1-v1_5 and RSA-PSS: jwk, pkcs8, spki', () => {
  it('RSASSA-PKCS1-v1_5 pkcs8/spki round trip; Node verifies our signature and we verify Node\'s', async () => {
    const priv = await subtle.importKey('pkcs8', der(rsa.privateKey), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    const pub = await subtle.importKey('spki', der(rsa.publicKey), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    expect(priv.type).toBe('private');
    const algorithm = pub.algorithm as { name: string; modulusLength: number; publicExponent: Uint8Array; hash: { name: string } };
    expect(algorithm.modulusLength).toBe(2048);
    expect(algorithm.publicExponent).toBeInstanceOf(Uint8Array);
    expect([...algorithm.publicExponent]).toEqual([1, 0, 1]);
    expect(algorithm.hash).toEqual({ name: 'SHA-256' });
    const signature = await subtle.sign('RSASSA-PKCS1-v1_5', priv, bytes('payload'));
    expect(createVerify('sha256').update('payload').verify(rsa.publicKey, Buffer.from(signature))).toBe(true);
    expect(await subtle.verify('RSASSA-PKCS1-v1_5', pub, signature, bytes('payload'))).toBe(true);
    const nodeSignature = createSign('sha256').update('other').sign(rsa.privateKey);
    expect(await subtle.verify('RSASSA-PKCS1-v1_5', pub, nodeSignature, bytes('other'))).toBe(true);
  });

  it('RSASSA-PKCS1-v1_5 and RSA-PSS with JWK keys', async () => {
    const privJwk = rsa.privateKey.export({ format: 'jwk' });
    const pubJwk = rsa.publicKey.export({ format: 'jwk' });
    const priv = await subtle.importKey('jwk', { ...privJwk, alg: 'RS384' }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }, false, ['sign']);
    const pub = await subtle.importKey('jwk', { ...pubJwk, alg: 'RS384' }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }, false, ['verify']);
    const signature = await subtle.sign('RSASSA-PKCS1-v1_5', priv, bytes('jwt'));
    expect(await subtle.verify('RSASSA-PKCS1-v1_5', pub, signature, bytes('jwt'))).toBe(true);

    const pssPriv = await subtle.importKey('jwk', { ...privJwk, alg: 'PS256' }, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
    const pssPub = await subtle.importKey('jwk', { ...pubJwk, alg: 'PS256' }, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['verify']);
    const pss = await subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, pssPriv, bytes('jwt'));
    expect(await subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, pssPub, pss, bytes('jwt'))).toBe(true);
    expect(createVerify('sha256').update('jwt').verify({ key: rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, Buffer.from(pss))).toBe(true);
  });

  it('RSA-PSS needs saltLength, a number', async () => {
    const priv = await subtle.importKey('pkcs8', der(rsa.privateKey), { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
    await expect(subtle.sign({ name: 'RSA-PSS' }, priv, bytes('x'))).rejects.toThrow(/sign\(\): RSA-PSS needs "saltLength" in its algorithm object \(a number\); got undefined/);
    await expect(subtle.sign({ name: 'RSA-PSS', saltLength: '32' }, priv, bytes('x'))).rejects.toThrow(/RSA-PSS's "saltLength" must be a number; got "32"/);
  });
});

describe('ECDSA: jwk, pkcs8, raw, spki', () => {
  it('signs with pkcs8 and JWK keys; verifies with spki, raw and JWK keys (and Node agrees)', async () => {
    const curve = { name: 'ECDSA', namedCurve: 'P-256' };
    const sha = { name: 'ECDSA', hash: 'SHA-256' };
    const priv = await subtle.importKey('pkcs8', der(ec.privateKey), curve, false, ['sign']);
    const privJwk = await subtle.importKey('jwk', ec.privateKey.export({ format: 'jwk' }), curve, false, ['sign']);
    const spki = await subtle.importKey('spki', der(ec.publicKey), curve, false, ['verify']);
    const raw = rawPoint(ec.publicKey);
    const rawKey = await subtle.importKey('raw', raw, curve, false, ['verify']);
    const jwkKey = await subtle.importKey('jwk', ec.publicKey.export({ format: 'jwk' }), curve, false, ['verify']);
    expect(rawKey.algorithm).toEqual({ name: 'ECDSA', namedCurve: 'P-256' });
    for (const signer of [priv, privJwk]) {
      const signature = await subtle.sign(sha, signer, bytes('ec'));
      for (const verifier of [spki, rawKey, jwkKey]) expect(await subtle.verify(sha, verifier, signature, bytes('ec'))).toBe(true);
      expect(createVerify('sha256').update('ec').verify({ key: ec.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature))).toBe(true);
    }
    expect(await subtle.verify(sha, spki, new Uint8Array(64), bytes('ec'))).toBe(false);
  });

  it('ECDSA sign needs a hash; an unknown hash is NotSupportedError', async () => {
    const priv = await subtle.importKey('pkcs8', der(ec.privateKey), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    await expect(subtle.sign({ name: 'ECDSA' }, priv, bytes('x'))).rejects.toThrow(/ECDSA needs "hash" in its algorithm object/);
    await expect(subtle.sign({ name: 'ECDSA', hash: 'MD5' }, priv, bytes('x'))).rejects.toMatchObject({ name: 'NotSupportedError', message: expect.stringMatching(/hash "MD5" is not supported/) });
  });
});

/** The uncompressed point 04||x||y of an EC public key. */
function rawPoint(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  return new Uint8Array([4, ...Buffer.from(jwk.x ?? '', 'base64url'), ...Buffer.from(jwk.y ?? '', 'base64url')]);
}

describe('AES-CBC, AES-CTR, AES-GCM and RSA-OAEP', () => {
  const secret = new Uint8Array(16).map((_, i) => i);
  const iv = new Uint8Array(16).fill(9);

  it('AES-CBC (raw and JWK) matches Node\'s cipher and round-trips; iv may be an Int16Array', async () => {
    const key = await subtle.importKey('raw', secret, 'AES-CBC', false, ['encrypt', 'decrypt']);
    const jwkKey = await subtle.importKey('jwk', { kty: 'oct', k: Buffer.from(secret).toString('base64url'), alg: 'A128CBC' }, { name: 'AES-CBC' }, false, ['decrypt']);
    expect(key.algorithm).toEqual({ name: 'AES-CBC', length: 128 });
    const sealed = await subtle.encrypt({ name: 'AES-CBC', iv: new Int16Array(iv.buffer) }, key, bytes('cipher block chaining'));
    const cipher = createCipheriv('aes-128-cbc', secret, iv);
    expect(hex(sealed)).toBe(Buffer.concat([cipher.update('cipher block chaining'), cipher.final()]).toString('hex'));
    expect(text(await subtle.decrypt({ name: 'AES-CBC', iv: new DataView(iv.buffer) }, jwkKey, sealed))).toBe('cipher block chaining');
  });

  it('AES-CTR (JWK) matches Node', async () => {
    const key = await subtle.importKey('jwk', { kty: 'oct', k: Buffer.from(secret).toString('base64url') }, 'AES-CTR', false, ['encrypt', 'decrypt']);
    const sealed = await subtle.encrypt({ name: 'AES-CTR', counter: iv, length: 64 }, key, bytes('counter mode'));
    const cipher = createCipheriv('aes-128-ctr', secret, iv);
    expect(hex(sealed)).toBe(cipher.update('counter mode').toString('hex'));
    expect(text(await subtle.decrypt({ name: 'AES-CTR', counter: iv, length: 64 }, key, sealed))).toBe('counter mode');
    await expect(subtle.encrypt({ name: 'AES-CTR', counter: iv }, key, bytes('x'))).rejects.toThrow(/AES-CTR needs "length" in its algorithm object/);
  });

  it('AES-GCM (raw) with additionalData and tagLength; a tampered ciphertext is an OperationError', async () => {
    const key = await subtle.importKey('raw', new Uint8Array(32).fill(1), 'AES-GCM', false, ['encrypt', 'decrypt']);
    const algorithm = { name: 'AES-GCM', iv: iv.subarray(0, 12), additionalData: bytes('header'), tagLength: 96 };
    const sealed = await subtle.encrypt(algorithm, key, bytes('galois'));
    expect(sealed.byteLength).toBe(6 + 12);
    expect(text(await subtle.decrypt(algorithm, key, sealed))).toBe('galois');
    const tampered = new Uint8Array(sealed);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    const failure = subtle.decrypt(algorithm, key, tampered);
    await expect(failure).rejects.toMatchObject({ name: 'OperationError', message: expect.stringMatching(/^crypto\.subtle\.decrypt\(\): /) });
    await expect(subtle.decrypt({ ...algorithm, additionalData: bytes('other') }, key, sealed)).rejects.toMatchObject({ name: 'OperationError' });
    await expect(subtle.encrypt({ name: 'AES-GCM' }, key, bytes('x'))).rejects.toThrow(/AES-GCM needs "iv" in its algorithm object \(an ArrayBuffer, a typed array or a DataView\)/);
    await expect(subtle.encrypt({ name: 'AES-GCM', iv: 'abc' }, key, bytes('x'))).rejects.toThrow(/AES-GCM's "iv" must be an ArrayBuffer, a typed array or a DataView; got "abc"/);
  });

  it('RSA-OAEP (JWK) with a label; Node decrypts what we encrypted', async () => {
    const pub = await subtle.importKey('jwk', { ...rsa.publicKey.export({ format: 'jwk' }), alg: 'RSA-OAEP-256' }, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
    const priv = await subtle.importKey('jwk', { ...rsa.privateKey.export({ format: 'jwk' }), alg: 'RSA-OAEP-256' }, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
    const sealed = await subtle.encrypt({ name: 'RSA-OAEP', label: bytes('L') }, pub, bytes('oaep'));
    expect(text(await subtle.decrypt({ name: 'RSA-OAEP', label: bytes('L') }, priv, sealed))).toBe('oaep');
    await expect(subtle.decrypt({ name: 'RSA-OAEP' }, priv, sealed)).rejects.toMatchObject({ name: 'OperationError' });
  });
});

describe('keys: only importKey makes them, and a key does only what it was imported for', () => {
  it('forged and foreign objects are rejected with a TypeError', async () => {
    const real = await subtle.importKey('raw', bytes('s'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const forged = [
      { type: 'secret', extractable: false, algorithm: { name: 'HMAC', hash: { name: 'SHA-256' } }, usages: ['sign'], handle: 1 },
      Object.create(Object.getPrototypeOf(real) as object) as object,
      new Proxy(real, {}),
      { ...real },
      1,
      null,
    ];
    for (const key of forged) {
      const attempt = subtle.sign('HMAC', key as typeof real, bytes('x'));
      await expect(attempt).rejects.toBeInstanceOf(TypeError);
      await expect(attempt).rejects.toThrow(/sign\(\): key must be a CryptoKey from crypto\.subtle\.importKey\(\)/);
    }
    const Key = real.constructor as new (...args: unknown[]) => unknown;
    expect(() => new Key({}, { handle: 1, type: 'secret', algorithm: { name: 'HMAC' }, usages: ['sign'] })).toThrow(/Illegal constructor/);
    expect(Object.keys(real)).toEqual([]);
    expect(JSON.stringify(real)).toBe('{}');
  });

  it('a key used for an operation outside its usages is an InvalidAccessError naming the usages', async () => {
    const key = await subtle.importKey('raw', bytes('s'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const attempt = subtle.verify('HMAC', key, new Uint8Array(32), bytes('x'));
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidAccessError' });
    await expect(attempt).rejects.toThrow(/verify\(\): the key's usages are \[sign\], without "verify"; import the key with "verify" in keyUsages/);
    const aes = await subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['decrypt']);
    await expect(subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, aes, bytes('x'))).rejects.toMatchObject({ name: 'InvalidAccessError' });
  });

  it('a key of another algorithm is an InvalidAccessError', async () => {
    const cbc = await subtle.importKey('raw', new Uint8Array(16), 'AES-CBC', false, ['encrypt']);
    await expect(subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, cbc, bytes('x'))).rejects.toMatchObject({
      name: 'InvalidAccessError',
      message: expect.stringMatching(/the key is a AES-CBC key; it cannot be used with AES-GCM/),
    });
  });

  it('key material Node refuses rejects with its name (DataError), the call named', async () => {
    await expect(subtle.importKey('spki', new Uint8Array([1, 2, 3]), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify'])).rejects.toMatchObject({
      name: 'DataError',
      message: expect.stringMatching(/^crypto\.subtle\.importKey\(\): /),
    });
  });

  it('the key\'s algorithm and usages are the same objects each time', async () => {
    const key = await subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt', 'decrypt']);
    expect(key.algorithm).toBe(key.algorithm);
    expect(key.usages).toBe(key.usages);
    expect(key.usages).toEqual(['encrypt', 'decrypt']);
  });
});

describe('getRandomValues: integer arrays of every kind', () => {
  it.each([Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array])('%o', (Kind) => {
    const array = new Kind(64);
    expect(crypto.getRandomValues(array)).toBe(array);
    expect(Array.from(array as ArrayLike<number | bigint>).some((v) => v !== 0 && v !== 0n)).toBe(true);
  });

  it('fills only the view, not the rest of its buffer', () => {
    const buffer = new ArrayBuffer(64);
    const view = new Uint16Array(buffer, 16, 8);
    crypto.getRandomValues(view);
    const all = new Uint8Array(buffer);
    expect(all.subarray(0, 16).every((b) => b === 0)).toBe(true);
    expect(all.subarray(32).every((b) => b === 0)).toBe(true);
    expect(all.subarray(16, 32).some((b) => b !== 0)).toBe(true);
  });

  it('DataView, Float32Array and look-alikes are TypeMismatchError; the byte limit counts bytes, not elements', () => {
    for (const value of [new DataView(new ArrayBuffer(4)), new Float32Array(4), { [Symbol.toStringTag]: 'Uint8Array', length: 4 }]) {
      expect(() => crypto.getRandomValues(value as Uint8Array)).toThrow(expect.objectContaining({ name: 'TypeMismatchError' }));
    }
    expect(() => crypto.getRandomValues(new Uint32Array(16_385))).toThrow(expect.objectContaining({ name: 'QuotaExceededError', message: expect.stringMatching(/array is 65540 bytes/) }));
    expect(crypto.getRandomValues(new Uint32Array(16_384))).toHaveLength(16_384);
    expect(crypto.getRandomValues(new Uint8Array(0))).toHaveLength(0);
  });
});
