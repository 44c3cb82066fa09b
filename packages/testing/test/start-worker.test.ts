import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { buildApp, loadAppConfig } from '@weft/cli';
import { startWorker, TestingError, type RunningWorker } from '../src/index.ts';
import { tempApp } from './helpers.ts';

const WORKER = `import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';
import { logger } from 'log';
import { label } from './label.ts';

export function onClientRequest(request: EW.IngressClientRequest): void {
  request.setHeader('x-from-worker', label(request.userLocation.country ?? 'unknown'));
  request.setVariable('PMUSER_SEEN', 'yes');
}

export async function responseProvider(request: EW.ResponseProviderRequest) {
  const user = await httpRequest('http://api.example.com/user');
  const data = (await user.json()) as { name: string };
  logger.log('user %s', data.name);
  return createResponse(200, { 'content-type': ['application/json'] }, JSON.stringify({ name: data.name, tier: request.getVariable('PMUSER_TIER') ?? null }));
}
`;

describe('startWorker with a config file', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    const dir = tempApp({
      'src/main.ts': WORKER,
      'src/label.ts': 'export function label(country: string): string {\n  return `country:${country}`;\n}\n',
      'weft.config.ts': `import { defineConfig } from '@weft/cli';
export default defineConfig({
  entry: 'src/main.ts',
  hosts: { 'api.example.com': 'mock:api' },
  variables: { PMUSER_TIER: 'silver' },
  scenarios: { gold: { variables: { PMUSER_TIER: 'gold' } } },
  mocks: { api: { routes: { 'GET /user': { json: { name: 'Ada' } } } } },
});
`,
    });
    worker = await startWorker({ config: dir });
  });
  afterAll(() => worker.close());

  it('runs the whole pipeline in-process and returns the response and its trace', async () => {
    const sent = await worker.send('/hello');
    expect(sent.status).toBe(200);
    expect(sent.json()).toEqual({ name: 'Ada', tier: 'silver' });
    const stages = sent.trace.stages.map((stage) => stage.stage);
    expect(stages).toContain('onClientRequest');
    expect(stages).toContain('responseProvider');
    expect(sent.trace.subrequests).toHaveLength(1);
    expect(sent.trace.subrequests[0]?.url).toBe('http://api.example.com/user');
    expect(sent.trace.subrequests[0]?.status).toBe(200);
  });

  it('applies simulated context and named scenarios', async () => {
    const fr = await worker.send('/a', { location: { country: 'FR' }, variables: { PMUSER_TIER: 'bronze' } });
    expect(fr.json()).toEqual({ name: 'Ada', tier: 'bronze' });
    const stage = fr.trace.stages.find((entry) => entry.stage === 'onClientRequest');
    expect(stage?.requestHeaderChanges).toContainEqual({ name: 'x-from-worker', before: [], after: ['country:FR'] });
    expect((await worker.send('/b', { scenario: 'gold' })).json()).toEqual({ name: 'Ada', tier: 'gold' });
    await expect(worker.send('/c', { scenario: 'platinum' })).rejects.toThrow(/unknown scenario "platinum".*gold/);
  });

  it('exposes mock URLs, recorded traces and an HTTP listener', async () => {
    expect(worker.mock('api')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(() => worker.mock('nope')).toThrow(/no mock origin named "nope"; mocks: api/);
    expect(worker.traces().length).toBeGreaterThan(0);
    const url = await worker.listen();
    const response = await fetch(`${url}/over-http`);
    expect(await response.json()).toEqual({ name: 'Ada', tier: 'silver' });
  });
});

describe('startWorker with an entry and handler mocks', () => {
  it('takes a node:http handler as a mock and reports source-mapped errors in the trace', async () => {
    const dir = tempApp({
      'main.ts': `import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';
function fail(): never {
  throw new Error('worker bug');
}
export async function responseProvider(request: EW.ResponseProviderRequest) {
  if (request.path === '/fail') fail();
  const page = await httpRequest('/page');
  return createResponse(200, {}, 'wrapped:' + (await page.text()));
}
`,
    });
    const worker = await startWorker({
      entry: `${dir}/main.ts`,
      options: { origin: 'mock:origin', responseProviderFailure: 'error' },
      mocks: { origin: (_request, response) => response.end('from origin') },
    });
    try {
      expect((await worker.send('/ok')).text).toBe('wrapped:from origin');
      const failed = await worker.send('/fail');
      expect(failed.status).toBe(500);
      const stage = failed.trace.stages.find((entry) => entry.stage === 'responseProvider');
      expect(stage?.error?.message).toBe('worker bug');
      // The frame points at the author's TypeScript line, not the bundled main.js.
      expect(stage?.error?.frames[0]).toMatchObject({ file: 'main.ts', line: 4 });
    } finally {
      await worker.close();
    }
  });

  it('explains misuse', async () => {
    await expect(startWorker({})).rejects.toThrow(TestingError);
    await expect(startWorker({ entry: '/nonexistent/main.ts' })).rejects.toThrow(/does not exist/);
    await expect(startWorker({ entry: `${tempApp({ 'main.ts': 'export {};' })}/main.ts`, options: { origin: 'mock:none' } })).rejects.toThrow(/origin: "mock:none" names no entry of `mocks`/);
    await expect(startWorker({ entry: `${tempApp({ 'main.ts': 'export function x( {' })}/main.ts` })).rejects.toThrow(/main\.ts:1:\d+/);
  });
});

describe('startWorker with a built bundle', () => {
  it('loads the .tgz that weft build wrote, as it will ship', async () => {
    const dir = tempApp({
      'weft.config.ts': `export default { entry: 'main.ts' };`,
      'main.ts': `export function onClientResponse(_request: EW.EgressClientRequest, response: EW.EgressClientResponse): void {
  response.setHeader('x-shipped', 'yes');
}
`,
    });
    const built = await buildApp(await loadAppConfig(dir), path.join(dir, 'dist'));
    const worker = await startWorker({ bundle: built.file, options: { origin: 'mock:origin' }, mocks: { origin: { routes: { '/': 'origin page' } } } });
    try {
      const sent = await worker.send('/');
      expect(sent.text).toBe('origin page');
      expect(sent.headers.get('x-shipped')).toBe('yes');
      expect(sent.trace.response?.source).toBe('origin');
    } finally {
      await worker.close();
    }
    await expect(startWorker({ bundle: path.join(dir, 'dist/none.tgz') })).rejects.toThrow(/bundle .*none\.tgz does not exist/);
  });
});

describe('module state (decision 29)', () => {
  it('persists across requests in the shared instance, and not with instancePerRequest', async () => {
    const dir = tempApp({ 'main.ts': `let count = 0;\nexport function onClientRequest(request: EW.IngressClientRequest): void {\n  count += 1;\n  request.respondWith(200, {}, String(count));\n}\n` });
    const shared = await startWorker({ entry: `${dir}/main.ts` });
    const fresh = await startWorker({ entry: `${dir}/main.ts`, options: { instancePerRequest: true } });
    try {
      expect([(await shared.send('/')).text, (await shared.send('/')).text]).toEqual(['1', '2']);
      expect([(await fresh.send('/')).text, (await fresh.send('/')).text]).toEqual(['1', '1']);
    } finally {
      await shared.close();
      await fresh.close();
    }
  });
});
