/**
 * Issue 11, part 1: npm libraries that workers ship run unmodified under `weft serve`. Three fixture
 * workers (test/fixtures/npm-libraries) are bundled with esbuild the way a user bundles a worker
 * (format esm, platform neutral, the built-in modules left as bare imports) and served each by its
 * own `weft serve` process, once on an edge thread (the default) and once with `--threads 0`; each runs one library's own code paths in responseProvider and answers
 * a JSON report, which this test checks and, where it can, cross-checks with Node:
 * - jose (JWT/JWS): HS256 and ES256 with keys imported by the built-in crypto; tampered tokens fail;
 *   the tokens verify in Node, and a token Node signed verifies in the worker.
 * - cbor-x (CBOR): RFC 8949 vectors; a map with byte strings round-trips to the realm's Uint8Array.
 * - fflate (deflate/gzip/zip): Node zlib vectors decompress; round trips; a worker gzip member
 *   decompresses in Node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createHmac, createPublicKey, verify as verifySignature } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = path.join(ROOT, 'test/fixtures/npm-libraries');
const BUILTINS = ['crypto', 'encoding', 'create-response', 'http-request', 'streams', 'text-encode-transform', 'log', 'cookies', 'url-search-params', 'html-rewriter'];
const KEYS = JSON.parse(readFileSync(path.join(FIXTURES, 'keys.json'), 'utf8')) as { hs256Secret: string; es256: Record<string, string> };
const WORKERS = { jwt: 'jwt-worker.js', cbor: 'cbor-worker.js', fflate: 'fflate-worker.js' } as const;
type WorkerName = keyof typeof WORKERS;
/** Where the worker's code runs: an edge thread with the CPU watchdog (the default), and in-process. */
const MODES = { 'one edge thread': [], '--threads 0': ['--threads', '0'] } as const satisfies Record<string, readonly string[]>;
type Mode = keyof typeof MODES;

interface Served {
  url: string;
  child: ChildProcess;
  output: () => string;
}

const dir = mkdtempSync(path.join(tmpdir(), 'weft-npm-libraries-'));
/** Each worker's server, started together in beforeAll; a worker that fails to start fails only its own tests. */
const served = new Map<string, Promise<Served>>();

async function bundle(name: WorkerName): Promise<string> {
  const outdir = path.join(dir, name);
  await build({
    entryPoints: [path.join(FIXTURES, WORKERS[name])],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    external: BUILTINS,
    outfile: path.join(outdir, 'main.js'),
    logLevel: 'silent',
  });
  return path.join(outdir, 'main.js');
}

async function serve(main: string, args: readonly string[]): Promise<Served> {
  const child = spawn(process.execPath, ['--conditions=weft-source', '--import', 'tsx', path.join(ROOT, 'packages/cli/bin/weft.js'), 'serve', main, '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const match = /Listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (match !== null) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`weft serve ${main} exited with ${code}:\n${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, output: () => out };
}

/** The worker's JSON report; a 500 carries the error that stopped it, shown with the server's output. */
async function report(mode: Mode, name: WorkerName, query = ''): Promise<any> {
  const server = await served.get(`${mode}:${name}`)!;
  const res = await fetch(`${server.url}/${name}${query}`);
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    // Weft's own error page: its trace says what failed.
    const traces = await fetch(`${server.url}/__weft/traces?limit=1`).then((answer) => answer.text(), (error: unknown) => String(error));
    throw new Error(`${name} (${mode}): status ${res.status}, not JSON: ${text}\n--- last trace ---\n${traces}\n--- weft serve output ---\n${server.output()}`);
  }
  if (res.status !== 200 || body.error !== undefined) {
    throw new Error(`${name} (${mode}): status ${res.status}: ${JSON.stringify(body.error ?? body, null, 2)}\n--- weft serve output ---\n${server.output()}`);
  }
  return body;
}

const b64url = (value: Buffer | string): string => Buffer.from(value).toString('base64url');

beforeAll(async () => {
  for (const name of Object.keys(WORKERS) as WorkerName[]) {
    const main = bundle(name);
    for (const [mode, args] of Object.entries(MODES)) served.set(`${mode}:${name}`, main.then((file) => serve(file, args)));
  }
  await Promise.allSettled(served.values());
}, 45_000);

afterAll(async () => {
  for (const result of await Promise.allSettled(served.values())) if (result.status === 'fulfilled') result.value.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe.each(Object.keys(MODES) as Mode[])('under weft serve with %s', (mode) => {
  describe('jose (JWT/JWS) bundled into a worker', () => {
    it('finds none of its globals at the edge, so the worker assigns them from the built-in modules first', async () => {
      const body = await report(mode, 'jwt');
      expect(body.missingBefore).toEqual(['crypto', 'TextEncoder', 'TextDecoder', 'atob', 'btoa', 'structuredClone']);
      expect(body.keys).toEqual({
        hmac: { type: 'secret', algorithm: { name: 'HMAC', hash: { name: 'SHA-256' }, length: 352 }, usages: ['sign', 'verify'] },
        ecPrivate: { type: 'private', algorithm: { name: 'ECDSA', namedCurve: 'P-256' } },
        ecPublic: { type: 'public', algorithm: { name: 'ECDSA', namedCurve: 'P-256' } },
      });
      expect(body.realm).toEqual({ secret: true, x: true, signature: true });
    });

    it('signs and verifies HS256 with an imported raw key, and refuses a tampered token', async () => {
      const { hs256 } = await report(mode, 'jwt');
      expect(hs256.header).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(hs256.verified).toMatchObject({ ok: true, header: { alg: 'HS256', typ: 'JWT' }, payload: { sub: 'user-42', scope: ['read', 'write'], n: 7, iss: 'urn:weft:test', aud: 'urn:weft:npm-libraries' } });
      expect(typeof hs256.verified.payload.exp).toBe('number');
      expect(hs256.tampered).toMatchObject({ ok: false, code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
      expect(hs256.wrongAudience).toMatchObject({ ok: false, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
      // The worker's token is a real HS256 JWS: Node computes the same MAC.
      const [header, payload, signature] = (hs256.token as string).split('.');
      expect(signature).toBe(createHmac('sha256', KEYS.hs256Secret).update(`${header}.${payload}`).digest('base64url'));
    });

    it('signs ES256 with an imported private JWK and verifies with the raw public key; a flipped signature bit fails', async () => {
      const { es256 } = await report(mode, 'jwt');
      expect(es256.verified).toMatchObject({ ok: true, header: { alg: 'ES256', kid: 'es-1' }, payload: { sub: 'user-42' } });
      expect(es256.tampered).toMatchObject({ ok: false, code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
      expect(es256.algorithmSwap.ok).toBe(false);
      // Node verifies the worker's ES256 signature (JWS uses the IEEE P1363 r||s form).
      const [header, payload, signature] = (es256.token as string).split('.');
      const { d: _d, ...publicJwk } = KEYS.es256;
      const key = createPublicKey({ key: publicJwk, format: 'jwk' });
      expect(verifySignature('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))).toBe(true);
    });

    it('verifies an HS256 token Node signed, and refuses one signed with another secret', async () => {
      const now = Math.floor(Date.now() / 1000);
      const sign = (secret: string): string => {
        const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub: 'from-node', iss: 'urn:weft:test', aud: 'urn:weft:npm-libraries', iat: now, exp: now + 600 }))}`;
        return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      };
      const { external } = await report(mode, 'jwt', `?token=${sign(KEYS.hs256Secret)}&token=${sign('not-the-secret')}`);
      expect(external).toHaveLength(2);
      expect(external[0]).toMatchObject({ ok: true, payload: { sub: 'from-node' } });
      expect(external[1]).toMatchObject({ ok: false, code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    });
  });

  describe('cbor-x bundled into a worker', () => {
    it('decodes and encodes RFC 8949 appendix A vectors', async () => {
      const { vectors } = await report(mode, 'cbor');
      expect(vectors).toEqual({
        decodeMap: { a: 1, b: [2, 3] },
        decodeNested: ['a', { b: 'c' }],
        decodeBytes: [1, 2, 3, 4],
        encodeMap: 'a26161016162820203',
        encodeBytes: '4401020304',
        encodeText: '6449455446',
        encodeNegative: '3903e7',
      });
    });

    it('round-trips a map with byte strings, which come back as the worker realm’s Uint8Array', async () => {
      const { roundTrip, checks } = await report(mode, 'cbor');
      expect(checks).toEqual({
        encodedIsUint8Array: true,
        textIsUint8Array: true,
        bytesIsUint8Array: true,
        digestIsUint8Array: true,
        emptyIsUint8Array: true,
        listBytesIsUint8Array: true,
        rfcBytesIsUint8Array: true,
        bytesEqual: true,
        digestEqual: true,
        mapIsObject: true,
        sign1IsTag: true,
        sign1PayloadIsUint8Array: true,
        sign1Protected: true,
      });
      const text = Buffer.from('héllo, edge ✓');
      expect(roundTrip.kid).toBe('key-1');
      expect(roundTrip.textBack).toEqual([...text]);
      expect(roundTrip.digestHex).toBe(createHash('sha256').update(text).digest('hex'));
      expect(roundTrip.emptyLength).toBe(0);
      expect(roundTrip.listBytes).toEqual([0, 255, 128]);
      expect(roundTrip.nested).toEqual({ list: [1, -2, 3.5, 'x', null, true, false], big: 2 ** 40, negative: -1_000_000 });
      // The worker's encoding holds the bytes as one untagged CBOR byte string (major type 2, length
      // under 24: header 0x40 + length), not as an array of numbers as it would a foreign object.
      expect(text.length).toBeLessThan(24);
      expect(roundTrip.encodedHex).toContain(`${(0x40 + text.length).toString(16)}${text.toString('hex')}`);
    });
  });

  describe('fflate bundled into a worker', () => {
    it('decompresses gzip and zlib vectors made by Node', async () => {
      const body = await report(mode, 'fflate');
      expect(body.gunzipped).toBe('The quick brown fox jumps over the lazy dog');
      expect(body.unzlibbed).toBe('The quick brown fox jumps over the lazy dog');
    });

    it('round-trips deflate, zlib and zip on worker bytes, all the realm’s Uint8Array', async () => {
      const body = await report(mode, 'fflate');
      expect(body.checks).toEqual({
        vectorIsUint8Array: true,
        gunzippedIsUint8Array: true,
        deflatedIsUint8Array: true,
        inflatedIsUint8Array: true,
        inflatedEqual: true,
        zlibRoundTrip: true,
        zipDataEqual: true,
        zipIsUint8Array: true,
        randomCompressesPoorly: true,
      });
      expect(body.sizes.inflated).toBe(96 * 1024);
      expect(body.zipEntries).toEqual(['dir/data.bin', 'hello.txt']);
      expect(body.zipHello).toBe('hello from the edge');
    });

    it('makes a gzip member Node decompresses', async () => {
      const body = await report(mode, 'fflate');
      const lorem = 'Weft runs EdgeWorkers locally; the bytes a worker makes are its own. '.repeat(64);
      expect(gunzipSync(Buffer.from(body.gzipBase64, 'base64')).toString('utf8')).toBe(lorem);
    });
  });
});
