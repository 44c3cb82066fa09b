/**
 * subWorkers under `weft dev` (platform §20, issue 17): a host mapped to `app:<name>` sends its
 * sub-requests through that app's own pipeline (its dev server on loopback), which runs its worker
 * when its bundle opts in, within depth 2 and 5 executions per root request; past them, or without
 * the opt-in, the call is served without the worker. The called app's trace points to its caller's.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trace } from '@weft/runtime';
import type { AppDirectory } from '../src/config/app-hosts.ts';
import { toRuntimeOptions } from '../src/config/resolve.ts';
import { parseConfig } from '../src/config/load.ts';
import { DevApp, type DevLog } from '../src/dev/dev-app.ts';
import { resolveServeOptions } from '../src/serve/options.ts';
import { tempDir } from './helpers/temp.ts';
import { freePort } from '../../../test/support/free-port.ts';

const OPT_IN = `bundle: { config: { subrequest: { 'invoke-for-edgeworker-clients': true } } }`;

/** reco: answers /list and /count itself, and /chain by calling itself again (reco.example is its own app). */
const RECO = {
  'weft.config.ts': `export default {
  name: 'reco', entry: 'src/main.ts', origin: 'mock:origin',
  hosts: { 'reco.example': 'app:reco' },
  mocks: { origin: { routes: { '/list': 'reco origin list', '/count': 'reco origin count', '/chain': 'reco origin' } } },
  ${OPT_IN},
};`,
  'src/main.ts': `import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';
export async function responseProvider(request: EW.ResponseProviderRequest) {
  if (request.path === '/chain') {
    const sub = await httpRequest('https://reco.example/chain');
    return createResponse(200, {}, 'reco(' + (await sub.text()) + ')');
  }
  return createResponse(200, {}, 'reco worker ' + request.path);
}`,
};

/** page: calls reco `?n=` times in parallel at `path`, and reports the bodies and the header names it saw. */
const PAGE = {
  'weft.config.ts': `export default { name: 'page', entry: 'src/main.ts', hosts: { 'reco.example': 'app:reco' } };`,
  'src/main.ts': `import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';
export async function responseProvider(request: EW.ResponseProviderRequest) {
  const n = Number(request.query.replace('n=', '') || '1');
  const answers = await Promise.all(Array.from({ length: n }, () => httpRequest('https://reco.example' + request.path)));
  const bodies = await Promise.all(answers.map((answer) => answer.text()));
  const names = Object.keys(answers[0]?.getHeaders() ?? {}).join(',');
  return createResponse(200, { 'x-sub-headers': [names] }, bodies.join('|'));
}`,
};

const PLAIN = {
  'weft.config.ts': `export default { name: 'plain', entry: 'src/main.ts' };`,
  'src/main.ts': `export function onClientRequest(request: EW.IngressClientRequest) { request.respondWith(200, {}, 'plain'); }`,
};

const quiet: DevLog = { info: () => undefined, error: () => undefined };

async function traceOf(app: DevApp, id: string): Promise<Trace> {
  let found: Trace | undefined;
  await expect.poll(async () => (found = await app.trace(id))?.complete).toBe(true);
  if (found === undefined) throw new Error(`no trace ${id}`);
  return found;
}

describe('weft dev: app: hosts run another app as a subWorker', () => {
  let reco: DevApp;
  let page: DevApp;
  let apps: AppDirectory;
  const dirs = { reco: tempDir(RECO), page: tempDir(PAGE), plain: tempDir(PLAIN) };
  const url = (app: DevApp, target: string): string => `${app.server?.url ?? ''}${target}`;

  beforeAll(async () => {
    const [recoPort, pagePort] = [await freePort(), await freePort()];
    apps = new Map([
      ['reco', { url: `http://127.0.0.1:${recoPort}`, acceptsSubWorkers: true }],
      ['page', { url: `http://127.0.0.1:${pagePort}`, acceptsSubWorkers: false }],
      ['plain', { url: 'http://127.0.0.1:9', acceptsSubWorkers: false }],
    ]);
    reco = await DevApp.start(path.join(dirs.reco, 'weft.config.ts'), recoPort, quiet, { threads: 0, apps });
    page = await DevApp.start(path.join(dirs.page, 'weft.config.ts'), pagePort, quiet, { threads: 0, apps });
  });
  afterAll(async () => {
    await page?.close();
    await reco?.close();
  });

  it("answers through the other app's worker, with its trace nested under the caller's and Weft's headers kept from the worker", async () => {
    const response = await fetch(url(page, '/list'));
    expect(await response.text()).toBe('reco worker /list');
    expect(response.headers.get('x-sub-headers')?.split(',').filter((name) => name.startsWith('x-weft-'))).toEqual([]);
    const trace = await traceOf(page, response.headers.get('x-weft-trace-id') ?? '');
    const sub = trace.subrequests[0];
    expect(sub?.subWorker).toMatchObject({ app: 'reco', depth: 1 });
    // A subWorker host skips the caller's cache: the called app's own pipeline has one.
    expect(sub?.cache).toBeUndefined();
    // The page's viewer finds the child's trace, which lives in reco.
    const child = await traceOf(page, sub?.subWorker?.traceId ?? '');
    expect(child.parentId).toBe(trace.id);
    expect(child.stages.map((stage) => stage.stage)).toContain('responseProvider');
    const viewer = await fetch(url(page, `/__weft/trace/${sub?.subWorker?.traceId ?? ''}`));
    expect(((await viewer.json()) as Trace).parentId).toBe(trace.id);
  });

  it('with Pragma akamai-x-ew-subworkers, passes the debug pragmas on and gathers the subWorker\'s debug headers, suffixed with the request ids', async () => {
    const response = await fetch(url(page, '/list'), { headers: { pragma: 'akamai-x-ew-debug, akamai-x-ew-debug-subs, akamai-x-ew-subworkers', 'akamai-ew-trace': 'local' } });
    expect(await response.text()).toBe('reco worker /list');
    // The page's worker did not see the child's debug headers: they went to the root's response.
    expect(response.headers.get('x-sub-headers')?.split(',').filter((name) => name.startsWith('x-akamai-edgeworker-'))).toEqual([]);
    const pageId = response.headers.get('x-weft-trace-id') ?? '';
    const trace = await traceOf(page, pageId);
    const childId = trace.subrequests[0]?.subWorker?.traceId ?? '';
    expect(childId).not.toBe('');
    const names = [...response.headers.keys()];
    expect(names).toContain(`x-akamai-edgeworker-onclientrequest-info-${pageId}`);
    expect(names).toContain(`x-akamai-edgeworker-onclientrequest-info-${childId}.${pageId}`);
    expect(response.headers.get(`x-akamai-edgeworker-onclientrequest-info-${childId}.${pageId}`)).toMatch(/status=UnimplementedEventHandler/);
    expect(response.headers.get(`x-akamai-edgeworker-subrequests-${pageId}`)).toContain(`req_id=${childId}`);
    expect(names.filter((name) => /^x-akamai-edgeworker-[a-z]+-info$/.test(name))).toEqual([]);
    // Without the pragma nothing is suffixed or gathered.
    const plain = await fetch(url(page, '/list'), { headers: { pragma: 'akamai-x-ew-debug' } });
    await plain.text();
    expect([...plain.headers.keys()].filter((name) => name.startsWith('x-akamai-edgeworker-'))).toContain('x-akamai-edgeworker-onclientrequest-info');
    expect([...plain.headers.keys()].filter((name) => name.includes('.'))).toEqual([]);
  });

  it('serves a call past depth 2 without the worker (subWorker limit hit)', async () => {
    const response = await fetch(url(page, '/chain'));
    expect(await response.text()).toBe('reco(reco(reco origin))');
    const trace = await traceOf(page, response.headers.get('x-weft-trace-id') ?? '');
    const depth1 = await traceOf(page, trace.subrequests[0]?.subWorker?.traceId ?? '');
    expect(depth1.subrequests[0]?.subWorker?.depth).toBe(2);
    const depth2 = await traceOf(page, depth1.subrequests[0]?.subWorker?.traceId ?? '');
    const refused = depth2.subrequests[0];
    expect(refused?.subWorker?.depth).toBe(3);
    expect(refused?.notes.join(' ')).toContain('subWorker limit hit');
    const depth3 = await traceOf(page, refused?.subWorker?.traceId ?? '');
    expect(depth3.warnings.map((w) => w.code)).toEqual(['subworker-refused']);
    expect(depth3.stages.some((stage) => stage.stage === 'responseProvider')).toBe(false);
  });

  it('runs at most 5 subWorkers per root request; the sixth is served by the app without its worker', async () => {
    const response = await fetch(url(page, '/count?n=6'));
    const bodies = (await response.text()).split('|');
    expect(bodies.filter((body) => body === 'reco worker /count')).toHaveLength(5);
    expect(bodies.filter((body) => body === 'reco origin count')).toHaveLength(1);
    const trace = await traceOf(page, response.headers.get('x-weft-trace-id') ?? '');
    expect(trace.subrequests.filter((sub) => sub.notes.some((note) => note.includes('subWorker limit hit')))).toHaveLength(1);
  });

  it('refuses at start an app: host naming an app that does not opt in, one not served, or one with no port yet', async () => {
    const config = (hosts: Record<string, string>) => parseConfig({ entry: 'src/main.ts', hosts }, 'weft.config.ts');
    expect(() => toRuntimeOptions(config({ 'p.example': 'app:plain' }), new Map(), 'weft.config.ts', apps)).toThrow(
      `hosts["p.example"]: "app:plain": the app "plain" does not accept subWorker calls (platform §20); add bundle: { config: { subrequest: { 'invoke-for-edgeworker-clients': true } } } to its weft.config.ts, or map the host to its origin instead`,
    );
    expect(() => toRuntimeOptions(config({ 'x.example': 'app:recos' }), new Map(), 'weft.config.ts', apps)).toThrow(
      'hosts["x.example"]: "app:recos" names an app weft dev is not serving (serving: reco, page, plain); start it too, e.g. `weft dev reco page plain recos`, or fix the name',
    );
    const unbound: AppDirectory = new Map([['reco', { url: undefined, acceptsSubWorkers: true }]]);
    expect(() => toRuntimeOptions(config({ 'r.example': 'app:reco' }), new Map(), 'weft.config.ts', unbound)).toThrow('gets its port only when it starts (--port 0)');
    // At start: the app does not come up with a host it cannot serve.
    const notOptedIn: AppDirectory = new Map([['reco', { url: 'http://127.0.0.1:9', acceptsSubWorkers: false }]]);
    await expect(DevApp.start(path.join(dirs.page, 'weft.config.ts'), 0, quiet, { threads: 0, apps: notOptedIn })).rejects.toThrow('the app "reco" does not accept subWorker calls');
  });

  it('refuses an app: host outside weft dev (weft serve, @weft/testing serve one app), saying what to use instead', () => {
    const config = parseConfig({ entry: 'src/main.ts', hosts: { 'reco.example': 'app:reco' } }, 'weft.config.ts');
    expect(() => toRuntimeOptions(config, new Map(), 'weft.config.ts')).toThrow(
      'hosts["reco.example"]: "app:reco" runs the app "reco" as a subWorker, which needs both apps served at once: run `weft dev` (it serves every app of the workspace). weft serve and @weft/testing serve one app: there, map the host to a URL instead (weft serve --host reco.example=URL, startWorker\'s options.hosts)',
    );
  });

  it('weft serve --config: an app: host is an error naming --host, and --host for that host serves', async () => {
    const file = path.join(dirs.page, 'weft.config.ts');
    await expect(resolveServeOptions({ config: file })).rejects.toThrow('weft serve --host reco.example=URL');
    const served = await resolveServeOptions({ config: file, host: ['reco.example=http://127.0.0.1:9'] });
    expect(served.options.hosts).toEqual({ 'reco.example': 'http://127.0.0.1:9' });
    expect(served.options.subWorkers).toEqual({});
  });

  it('rejects a host value that is neither a URL, mock: nor app:', () => {
    expect(() => parseConfig({ entry: 'src/main.ts', hosts: { 'reco.example': 'apps:reco' } }, 'weft.config.ts')).toThrow('"app:<name>" naming another app of the workspace');
  });
});
