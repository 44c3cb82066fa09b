import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge, startOrigin, type Edge, type Origin } from './harness.ts';

describe('pipeline smoke', () => {
  let origin: Origin;
  let edge: Edge;
  beforeAll(async () => {
    origin = await startOrigin();
    edge = await startEdge({
      onClientRequest(request: any) { request.setHeader('x-creq', '1'); },
      onOriginRequest(request: any) { request.setHeader('x-oreq', '1'); },
      onOriginResponse(_request: any, response: any) { response.setHeader('x-orsp', '1'); },
      onClientResponse(request: any, response: any) { response.setHeader('x-crsp', String(request.getHeader('x-oreq'))); },
    }, { origin: origin.url });
  });
  afterAll(async () => { await edge.close(); await origin.close(); });

  it('runs all four handlers around the origin', async () => {
    const response = await fetch(`${edge.url}/a?b=1`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('origin saw GET /a?b=1');
    expect(response.headers.get('x-orsp')).toBe('1');
    expect(response.headers.get('x-crsp')).toBe('undefined');
    expect(origin.seen[0]?.headers['x-creq']).toBe('1');
    expect(origin.seen[0]?.headers['x-oreq']).toBe('1');
    const id = response.headers.get('x-weft-trace-id');
    await new Promise((r) => setTimeout(r, 20));
    const trace = await (await fetch(`${edge.url}/__weft/trace/${id}`)).json();
    expect(trace.stages.map((s: { stage: string }) => s.stage)).toContain('onOriginResponse');
  });
});
