/**
 * Issue 14, seen from `weft dev`: a worker bundle built from TypeScript that uses @weft/compose.
 * Its logger lines reach the trace and the terminal without any debug header (decision 34), a
 * compose callback that throws is the responseProvider stage's error with its TypeScript line, a
 * fallback is a warning, and the client's problem document names no upstream URL.
 */
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEdgeServer, createPipelineHandler, createSandboxProvider, loadBundle, parseRuntimeOptions, type Trace } from '@weft/runtime';
import { buildApp } from '../src/bundle/pack.ts';
import { loadAppConfig } from '../src/config/load.ts';
import { DevApp, type DevLog } from '../src/dev/dev-app.ts';
import { sampleApp } from './helpers/app.ts';
import { tempDir } from './helpers/temp.ts';

// Line numbers matter: the test expects the merge's property read at line 17.
const MAIN = `import { logger } from 'log';
import { api, rules, path } from '@weft/compose';

interface User { id: string; profile?: { name: string } }

const users = api({ route: '/users/:id' })
  .source('user', { url: 'http://users.test/users/{params.id}' })
  .source('recs', { url: 'http://users.test/down', failure: { fallback: [] } })
  .merge((data) => {
    logger.log('merging %s', 'user');
    logger.info('user has %d recs', (data.recs as unknown[]).length);
    return { name: nameOf(data.user as User), recs: data.recs };
  })
  .respond();

function nameOf(user: User): string {
  return user.profile!.name;
}

const down = api({ route: '/down' }).source('cart', { url: 'http://users.test/down' }).respond();

export const responseProvider = rules([{ when: path('/down'), use: down }], { default: users }).responseProvider;
`;

const CONFIG = `export default {
  name: 'sample',
  entry: 'src/main.ts',
  hosts: { 'users.test': 'mock:users' },
  mocks: {
    users: {
      routes: {
        'GET /users/ada': { json: { id: 'ada', profile: { name: 'Ada' } } },
        'GET /users/bob': { json: { id: 'bob' } },
        'GET /down': { status: 503, body: 'internal stack trace of users.test' },
      },
    },
  },
  bundle: { 'edgeworker-version': '1.0', config: { logging: { level: 'info', ds2id: 1 } } },
};
`;

function collectingLog(): DevLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (line) => lines.push(line), error: (line) => lines.push(line) };
}

/** node_modules/@weft/compose in the app, as installing it would give. */
function linkCompose(dir: string): void {
  const link = path.join(dir, 'node_modules/@weft/compose');
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(realpathSync(path.resolve(import.meta.dirname, '../../compose')), link, 'dir');
}

describe('weft dev: logs and compose failures explained (issue 14)', () => {
  let app: DevApp;
  const log = collectingLog();
  const url = (p: string): string => `${app.server?.url ?? ''}${p}`;
  const traceOf = async (response: Response): Promise<Trace> => {
    await response.text();
    const id = response.headers.get('x-weft-trace-id') ?? '';
    return (await (await fetch(url(`/__weft/trace/${id}`))).json()) as Trace;
  };

  beforeAll(async () => {
    const dir = sampleApp({ 'src/main.ts': MAIN, 'weft.config.ts': CONFIG });
    linkCompose(dir);
    app = await DevApp.start(path.join(dir, 'weft.config.ts'), 0, log);
    expect(app.edge.state?.kind, app.buildStatus().error as string).toBe('ready');
  });
  afterAll(() => app.close());

  it('records logger lines at the configured level and above without any debug header, and prints them with the request', async () => {
    const response = await fetch(url('/users/ada'));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-akamai-edgeworker-responseprovider-log')).toBeNull();
    const trace = await traceOf(response);
    // bundle.config.logging.level is 'info': the logger.log (debug) line is not kept.
    expect(trace.logs.map((entry) => [entry.level, entry.file, entry.line, entry.message])).toEqual([['info', 'src/main.ts', 11, 'user has 0 recs']]);
    await expect.poll(() => log.lines.join('\n')).toContain(`sample: GET /users/ada [${trace.id}] responseProvider I src/main.ts:11 user has 0 recs`);
    expect(log.lines.join('\n')).not.toContain('merging user');
  });

  it('marks the fallback used and the partial answer as warnings of the responseProvider stage', async () => {
    const trace = await traceOf(await fetch(url('/users/ada')));
    expect(trace.warnings).toContainEqual(expect.objectContaining({ code: 'compose-fallback', stage: 'responseProvider', message: expect.stringContaining('source "recs" failed (status), fallback used') }));
    expect(trace.warnings).toContainEqual(expect.objectContaining({ code: 'compose-partial', stage: 'responseProvider' }));
    await expect.poll(() => log.lines.join('\n')).toContain(`[${trace.id}] responseProvider warning compose-fallback: compose: source "recs" failed (status), fallback used`);
  });

  it('records a merge callback reading a missing field as the responseProvider error, with its TypeScript line, in the trace and the terminal', async () => {
    const response = await fetch(url('/users/bob'));
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const trace = await traceOf(response);
    const stage = trace.stages.find((s) => s.stage === 'responseProvider');
    expect(stage?.status).toBe('Success');
    expect(stage?.error?.name).toBe('TypeError');
    expect(stage?.error?.context).toMatch(/^compose: the merge function or a response option threw, answering 500: TypeError: .*name/);
    expect(stage?.error?.frames[0]).toMatchObject({ file: 'src/main.ts', line: 17, function: 'nameOf' });
    expect(stage?.error?.frames[1]).toMatchObject({ file: 'src/main.ts', line: 12 });
    await expect.poll(() => log.lines.join('\n')).toMatch(new RegExp(`sample: GET /users/bob \\[${trace.id}\\] responseProvider compose: the merge function .*threw, answering 500: TypeError: .* \\(src/main\\.ts:17:\\d+\\)`));
  });

  it('sends the client a problem document without upstream URLs or their answers', async () => {
    const response = await fetch(url('/down'));
    expect(response.status).toBe(502);
    const text = await response.clone().text();
    expect(JSON.parse(text)).toEqual({ type: 'urn:weft:compose:required-source-failed', title: 'A required source failed', status: 502, detail: 'source "cart" failed (status)', instance: '/down', source: 'cart', reason: 'status' });
    expect(text).not.toMatch(/users\.test|http:|503|stack trace/);
    // The trace has the whole story.
    const trace = await traceOf(response);
    expect(trace.stages.find((s) => s.stage === 'responseProvider')?.error?.context).toContain('required source "cart" failed (status), answering 502: SourceError: source "cart": GET http://users.test/down answered 503');
  });
});

describe('a weft build bundle with @weft/compose, served as weft serve serves it (issue 14)', () => {
  it('records the merge error on the responseProvider stage, at its position in main.js, and the fallback as a warning', async () => {
    const dir = sampleApp({ 'src/main.ts': MAIN, 'weft.config.ts': CONFIG });
    linkCompose(dir);
    const written = await buildApp(await loadAppConfig(dir), tempDir());
    const users = createServer((req, res) => {
      if (req.url === '/users/bob') res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"bob"}');
      else res.writeHead(503).end('down');
    });
    await new Promise<void>((resolve) => users.listen(0, '127.0.0.1', resolve));
    const options = parseRuntimeOptions({ hosts: { 'users.test': `http://127.0.0.1:${(users.address() as AddressInfo).port}` } });
    const bundle = await loadBundle(written.file);
    const sandboxes = createSandboxProvider(bundle, { tier: options.tier });
    const { handle, services, traces } = createPipelineHandler(options, sandboxes.shared.info, sandboxes, bundle.warnings);
    const server = await createEdgeServer({ handler: handle });
    try {
      const response = await fetch(`${server.url}/users/bob`);
      expect(response.status).toBe(500);
      expect(await response.text()).not.toMatch(/users\.test|TypeError/);
      const id = response.headers.get('x-weft-trace-id') ?? '';
      await expect.poll(() => traces.get(id)?.complete).toBe(true);
      const trace = traces.get(id);
      const error = trace?.stages.find((s) => s.stage === 'responseProvider')?.error;
      expect(error?.context).toMatch(/^compose: the merge function or a response option threw, answering 500: TypeError: /);
      expect(error?.frames[0]?.file).toBe('main.js');
      expect(trace?.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['compose-fallback', 'compose-partial']));
    } finally {
      await server.close();
      await services.dispatcher.close();
      await new Promise((resolve) => users.close(resolve));
    }
  });
});
