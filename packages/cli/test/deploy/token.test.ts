/**
 * `weft token` against the loopback mock, and the one-curl-line promise: the value it prints turns
 * on enhanced debug headers under `weft serve` and `weft dev` exactly as on staging (platform §22.1,
 * §22.4), where a request without it gets the standard format.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevApp } from '../../src/dev/dev-app.ts';
import { main } from '../../src/main.ts';
import { sampleApp } from '../helpers/app.ts';
import { captureOutput, tempDir } from '../helpers/temp.ts';
import { printed, weftStart } from '../helpers/weft-bin.ts';
import { bundleFile } from './bundle-fixture.ts';
import { edgercFor, startEdgeWorkersApiMock, type EdgeWorkersApiMock } from './edgeworkers-api-mock.ts';

let mock: EdgeWorkersApiMock;
let edgerc: string;

beforeAll(async () => {
  mock = await startEdgeWorkersApiMock();
  edgerc = path.join(tempDir({ '.edgerc': edgercFor(mock) }), '.edgerc');
});
afterAll(() => mock.close());

async function token(...args: string[]): Promise<string> {
  const run = await captureOutput(() => main(['token', ...args, '--edgerc', edgerc]));
  expect(run.stderr).toBe('');
  expect(run.result).toBe(0);
  return run.stdout.trimEnd();
}

const INFO = 'x-akamai-edgeworker-onclientrequest-info';

/** The onClientRequest info header of a request, asking for debug output, with or without the token. */
async function infoHeader(url: string, trace: string | undefined): Promise<string | null> {
  const response = await fetch(`${url}/hello`, { headers: { Pragma: 'akamai-x-ew-debug', ...(trace === undefined ? {} : { 'Akamai-EW-Trace': trace }) } });
  await response.arrayBuffer();
  expect(response.status).toBe(200);
  return response.headers.get(INFO);
}

function expectEnhanced(header: string | null): void {
  expect(header).toMatch(/^ew=\d+ v[^:]*:[^;]*; status=Success; status_msg=-; res_tier=200; init_wall_time=[\d.]+; wall_time=[\d.]+; init_cpu_time=[\d.]+; cpu_time=[\d.]+; memory_usage=\d+$/);
}

function expectStandard(header: string | null): void {
  expect(header).toMatch(/^ew=\d+ v[^:]*:[^;]*; status=Success$/);
}

describe('weft token', () => {
  it('prints only the Akamai-EW-Trace value the API returns: a JWT for the hostnames and the expiry asked', async () => {
    const value = await token('www.example.com', 'api.example.com', '--expiry', '60');
    expect(value).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const payload = JSON.parse(Buffer.from(value.split('.')[1] ?? '', 'base64url').toString()) as { hostnames: string[]; exp: number };
    expect(payload.hostnames).toEqual(['www.example.com', 'api.example.com']);
    expect(payload.exp - Date.now() / 1000).toBeGreaterThan(59 * 60);
    expect(payload.exp - Date.now() / 1000).toBeLessThanOrEqual(60 * 60);
  });

  it('--expiry outside 1 to 720 minutes: exit 2, and nothing is asked of the API', async () => {
    const before = mock.log.length;
    const run = await captureOutput(() => main(['token', 'www.example.com', '--expiry', '721', '--edgerc', edgerc]));
    expect(run.result).toBe(2);
    expect(run.stderr).toBe('weft token: --expiry must be an integer from 1 to 720, got 721\nRun `weft token --help` for its flags and examples.\n');
    expect(mock.log.length).toBe(before);
  });
});

describe('one curl line, locally and on staging: the token turns on enhanced debug headers', () => {
  it('weft serve', async () => {
    const trace = await token('www.example.com');
    const run = weftStart(['serve', bundleFile('1.0.0'), '--port', '0', '--threads', '0']);
    try {
      const url = /Listening on (http:\/\/\S+)/.exec(await printed(run, /Listening on http:\/\/\S+\n/))?.[1] ?? '';
      expectEnhanced(await infoHeader(url, trace));
      expectStandard(await infoHeader(url, undefined));
    } finally {
      await run.stop();
    }
  }, 60_000);

  it('weft dev', async () => {
    const trace = await token('www.example.com');
    const app = sampleApp({ 'src/main.ts': 'export function onClientRequest(request: { respondWith(status: number, headers: object, body: string): void }) {\n  request.respondWith(200, {}, "hello");\n}\n' });
    const dev = await DevApp.start(path.join(app, 'weft.config.ts'), 0, { info: () => undefined, error: () => undefined }, { threads: 0 });
    try {
      const url = dev.server?.url ?? '';
      expectEnhanced(await infoHeader(url, trace));
      expectStandard(await infoHeader(url, undefined));
    } finally {
      await dev.close();
    }
  }, 60_000);
});
