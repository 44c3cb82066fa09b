/**
 * One realm (issue 11, part 1), generated from the module table: a real worker
 * (test/fixtures/one-realm/main.js) iterates the namespace of each of the ten built-in modules and
 * runs the case of every export (a key without a case, or a module without cases, is a failure),
 * calling every function and method with worker-realm arguments (ArrayBuffer, every typed array
 * kind, DataView where the spec says "ArrayBuffer or view") and checking INSIDE the worker, with
 * `instanceof` and `Object.getPrototypeOf(x) === <worker global>.prototype`, everything that comes
 * back: return values, resolved values, stream chunks, iterator results, rejections and throws.
 * The worker answers with its failures as JSON; the test asserts the list is empty.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_MODULE_NAMES } from '@weft/platform';
import { serveWorker, type Served } from './conformance/harness.ts';

const SOURCE = readFileSync(new URL('./fixtures/one-realm/main.js', import.meta.url), 'utf8');

interface Answer {
  failures: string[];
  covered?: string[];
  checked: number;
}

let origin: Server;
let served: Served;

beforeAll(async () => {
  origin = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/slow') {
        setTimeout(() => res.end('slow'), 1000);
        return;
      }
      if (req.url === '/json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ a: [1, { b: 2 }] }));
        return;
      }
      if (req.url === '/bytes') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.write(Buffer.alloc(70_000, 7));
        res.end(Buffer.from([1, 2, 3]));
        return;
      }
      if (req.url === '/echo') {
        res.end(Buffer.concat(chunks));
        return;
      }
      res.end('text');
    });
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  served = await serveWorker(SOURCE, {
    options: { origin: url, tier: 280, hosts: { 'realm-origin.test': url } },
    overrides: { cpuMs: 10_000, wallMs: 30_000 },
  });
});

afterAll(async () => {
  await served?.close();
  await new Promise<void>((resolve) => {
    origin.close(() => resolve());
    origin.closeAllConnections();
  });
});

describe('one realm: every built-in hands the worker its own realm values', () => {
  it('every export of every built-in module, called with worker-realm arguments', async () => {
    const reply = await served.send('/all', { method: 'POST', body: 'request body bytes' });
    expect(reply.status, reply.body.slice(0, 2000)).toBe(200);
    const answer = JSON.parse(reply.body) as Answer;
    expect(answer.failures).toEqual([]);
    // Generated from the module table: all ten modules took part.
    const modules = new Set((answer.covered ?? []).map((entry) => entry.slice(0, entry.lastIndexOf('.'))));
    expect([...modules].sort()).toEqual([...BUILTIN_MODULE_NAMES].sort());
    expect(answer.checked).toBeGreaterThan(100);
  }, 40_000);

  it('request.body chunks are worker Uint8Arrays', async () => {
    const reply = await served.send('/stream-body', { method: 'POST', body: 'x'.repeat(100_000) });
    expect(reply.status, reply.body.slice(0, 2000)).toBe(200);
    const answer = JSON.parse(reply.body) as Answer;
    expect(answer.failures).toEqual([]);
    expect(answer.checked).toBeGreaterThan(2);
  }, 20_000);
});
