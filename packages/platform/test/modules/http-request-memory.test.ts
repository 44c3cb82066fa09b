/**
 * Memory a streamed sub-request body holds while it flows: each chunk leaves ArrayBuffers of
 * garbage and little else, which V8 would let pile up to its own thresholds before collecting.
 * The body asks for a young-generation collection every 4 MB streamed, so they die as they are read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import vm from 'node:vm';
import { Agent } from 'undici';
import { collectGarbage } from '../../src/host/collect-garbage.ts';
import { runInvocation } from '../../src/host/invocation.ts';
import { resolveLimits, TIERS, type Limits } from '../../src/limits.ts';
import { httpRequest } from '../../src/modules/http-request/index.ts';
import { makeContext } from './helpers.ts';

const MB = 1024 * 1024;
const BLOCK = Buffer.alloc(64 * 1024, 0x61);

function pour(res: ServerResponse, total: number): void {
  let sent = 0;
  const pump = (): void => {
    while (sent < total) {
      sent += BLOCK.length;
      if (!res.write(BLOCK)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    pour(res, Number(new URL(req.url ?? '/', 'http://o').searchParams.get('bytes')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function bigBodyLimits(): Limits {
  const limits = resolveLimits();
  return { ...limits, tierLimits: { ...TIERS[200], responseProvider: { ...TIERS[200].responseProvider, subrequestResponseBytes: 512 * MB } } };
}

describe('memory of a streamed sub-request body', () => {
  it('160 MB streamed through response.body holds well under V8’s own collection thresholds in ArrayBuffers', async () => {
    const agent = new Agent();
    const ctx = makeContext({ dispatcher: agent, defaultOrigin: base, limits: bigBodyLimits() });
    collectGarbage('major');
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = 0;
    let bytes = 0;
    let reads = 0;
    await runInvocation(ctx, async () => {
      const reader = (await httpRequest(`/stream?bytes=${160 * MB}`)).body.getReader();
      for (let r = await reader.read(); r.done !== true; r = await reader.read()) {
        bytes += r.value.byteLength;
        if (++reads % 16 === 0) peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
      }
    });
    expect(bytes).toBe(160 * MB);
    // About 13 MB with the collections, about 31 MB without (V8's own young array-buffer threshold).
    expect(peak / MB).toBeLessThan(24);
    await agent.close();
  });

  it('the collector leaves no gc global behind: contexts made afterwards do not have one', () => {
    collectGarbage('minor');
    expect(vm.runInNewContext('typeof gc')).toBe('undefined');
  });
});
