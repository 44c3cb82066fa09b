/**
 * Issue 12, group 8: no silent catch. A failure of Weft's own code reaches the terminal (and the
 * trace, where a request is involved), and never costs the request its answer.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEdgeServer, createPipelineHandler, createServices, parseRuntimeOptions, type EdgeServer } from '@weft/runtime';
import { moduleSandbox } from '../../packages/runtime/test/pipeline/module-sandbox.ts';
import { listening, weft } from '../support/weft-process.ts';

/** An origin that sends its head at once and, when `hold`, its body's end only when the test says so. */
async function heldOrigin(hold: boolean): Promise<{ url: string; release: () => void; close: () => Promise<void> }> {
  const held: ServerResponse[] = [];
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first part, ');
    if (hold) held.push(res);
    else res.end('last part');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    release: () => held.splice(0).forEach((res) => res.end('last part')),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Everything written to this process's stderr while `run` is in progress. */
function captureStderr(): { text: () => string; restore: () => void } {
  let text = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  return { text: () => text, restore: () => spy.mockRestore() };
}

describe('no silent catch: trace recording', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function edgeWith(hold: boolean, clock: () => number, warnings: readonly string[] = []): Promise<{ server: EdgeServer; traces: ReturnType<typeof createPipelineHandler>['traces']; origin: Awaited<ReturnType<typeof heldOrigin>> }> {
    const origin = await heldOrigin(hold);
    cleanups.push(() => origin.close());
    const options = parseRuntimeOptions({ origin: origin.url });
    const sandbox = moduleSandbox({});
    // The clock is the seam: the trace reads it when the body ends, and a clock that fails there
    // stands for any bug in recording the trace.
    const services = { ...createServices(options, sandbox.info), now: clock };
    const { handle, traces } = createPipelineHandler(options, sandbox.info, sandbox, warnings, services);
    const server = await createEdgeServer({ handler: handle });
    cleanups.push(async () => {
      await server.close();
      await services.dispatcher.close();
    });
    return { server, traces, origin };
  }

  it('a trace that fails to finish is reported on stderr and in the trace; the client still gets the whole body', async () => {
    let broken = false;
    const { server, traces, origin } = await edgeWith(true, () => {
      if (broken) throw new RangeError('the clock went backwards');
      return performance.now();
    });
    const stderr = captureStderr();
    cleanups.push(stderr.restore);
    const response = await fetch(`${server.url}/page`);
    expect(response.status).toBe(200);
    broken = true; // the head is out; what fails now is only the trace's last step
    origin.release();
    expect(await response.text()).toBe('first part, last part');
    const id = response.headers.get('x-weft-trace-id') ?? '';
    await vi.waitFor(() => expect(traces.get(id)).toBeDefined());
    expect(stderr.text()).toMatch(/weft: internal error while finishing the trace of GET \/page \(a bug in Weft, please report it with this stack\): RangeError: the clock went backwards\n {4}at /);
    expect(traces.get(id)?.warnings).toContainEqual({ code: 'internal-error', message: expect.stringContaining('RangeError: the clock went backwards') });
  });

  it('a trace that fails to be stored is reported on stderr, and the next request is served as usual', async () => {
    let fail = true;
    // The bundle's warnings are copied into each trace as it is stored; an iterator that throws
    // stands for a failing store.
    const warnings = { *[Symbol.iterator]() { if (fail) throw new TypeError('the store is broken'); } } as unknown as readonly string[];
    const { server, traces } = await edgeWith(false, () => performance.now(), warnings);
    const stderr = captureStderr();
    cleanups.push(stderr.restore);
    const response = await fetch(`${server.url}/one`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('first part, last part');
    await vi.waitFor(() => expect(stderr.text()).toContain('weft: internal error while storing the trace of GET /one'));
    expect(stderr.text()).toContain('TypeError: the store is broken\n    at ');
    fail = false;
    const second = await fetch(`${server.url}/two`);
    expect(await second.text()).toBe('first part, last part');
    const id = second.headers.get('x-weft-trace-id') ?? '';
    await vi.waitFor(() => expect(traces.get(id)?.complete).toBe(true));
  });
});

describe('no silent catch: rejections nobody handled', () => {
  // spec §1.5: a promise a worker leaves behind may reject; the platform does not report it and
  // execution continues. Only Weft's own rejections are reported (unit tests in packages/runtime).
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-silent-catch-'));
  const main = path.join(dir, 'main.js');
  writeFileSync(main, `export function onClientRequest(request) {
  Promise.reject(new Error('left behind on purpose'));
  request.respondWith(200, {}, 'still here');
}
`);

  for (const threads of ['0', '1']) {
    it(`weft serve --threads ${threads} keeps serving after a worker's rejected promise, and prints nothing about it`, async () => {
      const run = weft(['serve', main, '--port', '0', '--origin', 'http://127.0.0.1:9', '--threads', threads]);
      try {
        const url = await listening(run);
        for (const n of [1, 2]) {
          const response = await fetch(`${url}/${n}`);
          expect(response.status).toBe(200);
          expect(await response.text()).toBe('still here');
        }
        expect(run.child.exitCode).toBeNull();
        expect(run.output()).not.toContain('left behind on purpose');
        expect(run.output()).not.toContain('internal error');
      } finally {
        run.child.kill();
        await run.exited;
      }
    });
  }
});
