import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '@weft/testing';

describe('hello-world', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    worker = await startWorker({ config: new URL('../weft.config.ts', import.meta.url) });
  });
  afterAll(() => worker.close());

  it('greets by country at the edge without reaching the origin', async () => {
    const { status, text, trace } = await worker.send('/hello', { location: { country: 'FR' } });
    expect(status).toBe(200);
    expect(text).toBe('Bonjour from the edge\n');
    expect(trace.response?.source).toBe('respondWith');
    expect(trace.origin).toBeUndefined();
  });

  it('shows log output under enhanced debugging, in the trace and the debug header (spec §16)', async () => {
    const { headers, trace } = await worker.send('/hello', { location: { country: 'DE' }, debug: true });
    expect(trace.logs.map((log) => log.message)).toContain('greeting a visitor from DE');
    expect(headers.get('x-akamai-edgeworker-onclientrequest-log')).toContain('greeting a visitor from DE');
  });

  it('uses the config default and named scenarios', async () => {
    expect((await worker.send('/hello')).text).toBe('Hello from the edge\n');
    expect((await worker.send('/hello', { scenario: 'japan' })).text).toBe('こんにちは from the edge\n');
  });

  it('forwards other paths to the mock origin and stamps the response', async () => {
    const { status, headers, json, trace } = await worker.send('/api/time');
    expect(status).toBe(200);
    expect(json()).toEqual({ now: '2026-01-01T00:00:00Z' });
    expect(headers.get('x-powered-by')).toBe('weft hello-world');
    expect(trace.response?.source).toBe('origin');
    const stamp = trace.stages.find((stage) => stage.stage === 'onClientResponse');
    expect(stamp?.responseHeaderChanges).toContainEqual({ name: 'x-powered-by', before: [], after: ['weft hello-world'] });
  });
});
