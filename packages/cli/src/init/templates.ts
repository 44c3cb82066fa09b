/**
 * The files `weft init` writes: a TypeScript worker that answers one path at the edge and merges an
 * API call in responseProvider, its weft.config.ts, a mock origin (a small Hono app), a test with
 * @weft/testing, and a README. Kept as strings so the scaffold is one readable file.
 */
export interface TemplateInput {
  name: string;
  /** `workspace:*` inside a pnpm workspace, a version range outside. */
  depVersion: string;
}

/** The range of hono the scaffold's mock origin is written for: the one @weft/cli itself uses. */
export const HONO_RANGE = '^4.13.19';

const worker = `/// <reference types="akamai-edgeworkers" />
/**
 * An EdgeWorker: \`/hello\` is answered at the edge in onClientRequest; \`/api/profile\` is built in
 * responseProvider from the origin's user API; other paths pass the origin's page on, and every
 * response leaves with an \`x-worker\` header.
 */
import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';
import { logger } from 'log';

export function onClientRequest(request: EW.IngressClientRequest): void {
  if (request.path !== '/hello') return;
  const country = request.userLocation?.country ?? 'somewhere';
  request.respondWith(200, { 'content-type': ['text/plain; charset=utf-8'] }, \`Hello, visitor from \${country}!\\n\`);
}

export async function responseProvider(request: EW.ResponseProviderRequest) {
  if (request.path !== '/api/profile') {
    // responseProvider runs for every path that reaches it; other paths pass the origin's page on.
    const page = await httpRequest(request.url, { timeout: 2000 });
    return createResponse(page.status, { 'content-type': [page.getHeader('content-type')?.[0] ?? 'text/plain'] }, await page.text());
  }
  const user = await httpRequest('/api/user', { timeout: 2000 });
  if (!user.ok) {
    logger.warn('user API answered %s', user.status);
    return createResponse(502, { 'content-type': ['application/json'] }, JSON.stringify({ error: 'user API unavailable' }));
  }
  const data = (await user.json()) as { name: string };
  const body = { name: data.name, country: request.userLocation?.country ?? null, tier: request.getVariable('PMUSER_TIER') ?? 'standard' };
  return createResponse(200, { 'content-type': ['application/json'] }, JSON.stringify(body));
}

export function onClientResponse(_request: EW.EgressClientRequest, response: EW.EgressClientResponse): void {
  response.setHeader('x-worker', 'NAME');
}
`;

const config = `import { defineConfig } from '@weft/cli';

/** How \`weft dev\`, \`weft build\` and the tests run this worker (see the README). */
export default defineConfig({
  entry: 'src/main.ts',
  // The default origin: requests the worker does not answer go here. \`mock:origin\` is the mock below.
  origin: 'mock:origin',
  variables: { PMUSER_TIER: 'standard' },
  // Simulated visitor when a request says nothing (override per request with x-weft-location).
  location: { country: 'US' },
  // Named visitors: send \`x-weft-scenario: france\`.
  scenarios: { france: { location: { country: 'FR', city: 'PARIS' } }, gold: { variables: { PMUSER_TIER: 'gold' } } },
  // Mock origins, real loopback servers: a module (here a Hono app) or canned \`routes\`.
  mocks: {
    origin: { module: 'mocks/origin.ts' },
  },
  bundle: { 'edgeworker-version': '0.1.0', description: 'NAME' },
});
`;

const mock = `import { Hono } from 'hono';

/**
 * The origin \`weft dev\` and the tests use in place of the real one (\`mocks.origin\` in
 * weft.config.ts): a Hono app on a loopback port. Add the routes your worker calls.
 */
const origin = new Hono();

origin.get('/', (c) => c.html('<!doctype html><title>NAME</title><h1>Origin page</h1>'));
origin.get('/api/user', (c) => c.json({ name: 'Ada' }));

export default origin;
`;

const test = `import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '@weft/testing';

describe('NAME', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    worker = await startWorker({ config: new URL('../weft.config.ts', import.meta.url) });
  });
  afterAll(() => worker.close());

  it('answers /hello at the edge', async () => {
    const { status, text, trace } = await worker.send('/hello', { location: { country: 'FR' } });
    expect(status).toBe(200);
    expect(text).toBe('Hello, visitor from FR!\\n');
    expect(trace.response?.source).toBe('respondWith');
  });

  it('builds /api/profile from the user API', async () => {
    const { json, trace } = await worker.send('/api/profile', { scenario: 'gold' });
    expect(json()).toEqual({ name: 'Ada', country: 'US', tier: 'gold' });
    expect(trace.subrequests.map((sub) => sub.status)).toEqual([200]);
  });
});
`;

const unitTest = `import { describe, expect, it } from 'vitest';
import { callHandler, mockSubrequests, requestFor } from '@weft/testing';
import { onClientRequest, responseProvider } from '../src/main.ts';

// One handler at a time, with a request built as that handler receives it and the user API
// answered from a table (vitest.config.ts resolves 'http-request' and the other built-ins).
describe('NAME handlers', () => {
  it('onClientRequest greets the visitor by country', async () => {
    const result = await callHandler(onClientRequest, requestFor('onClientRequest', { url: '/hello', location: { country: 'JP' } }));
    expect(result.respondWith?.status).toBe(200);
    expect(result.respondWith?.body).toBe('Hello, visitor from JP!\\n');
  });

  it('responseProvider answers 502 when the user API is down', async () => {
    const api = mockSubrequests({ 'GET /api/user': { status: 503, body: 'maintenance' } });
    const result = await callHandler(responseProvider, requestFor('responseProvider', { url: '/api/profile' }), { subrequests: api });
    expect(result.response.status).toBe(502);
    expect(await result.response.json()).toEqual({ error: 'user API unavailable' });
    expect(api.calls.map((call) => call.url)).toEqual(['https://www.example.com/api/user']);
  });
});
`;

const vitestConfig = `import { defineConfig } from 'vitest/config';
import { builtinAliases } from '@weft/testing/vitest';

// The worker imports the platform's built-in modules by name ('http-request', 'log', ...); in
// unit tests each resolves to Weft's implementation of it.
export default defineConfig({ resolve: { alias: builtinAliases() } });
`;

const readme = `# NAME

An Akamai EdgeWorker written in TypeScript, run locally with [Weft](https://github.com/).

## Run it

\`\`\`sh
pnpm install
pnpm exec weft dev          # serves the worker with hot reload; open the URL it prints
curl localhost:8700/hello
curl -H 'x-weft-scenario: france' localhost:8700/api/profile
\`\`\`

Open \`/__weft/\` on the same port for the trace viewer: every request's stages, sub-requests,
cache decision, header and variable changes, logs and errors.

## Test it

\`\`\`sh
pnpm exec vitest run
\`\`\`

\`test/worker.test.ts\` starts the worker in-process with \`@weft/testing\`, against the mock origin
declared in \`weft.config.ts\`, and checks both the response and the trace. \`test/handlers.test.ts\`
calls one handler at a time with a request built for it, and answers its sub-requests from a table.

## Ship it

\`\`\`sh
pnpm exec weft build                   # writes dist/NAME.tgz (main.js + bundle.json) in this folder
pnpm exec weft validate dist/NAME.tgz  # the platform's validation rules, locally
\`\`\`

\`pnpm build\` and \`pnpm validate\` run the same two steps. \`weft build\` always writes to \`dist/\` in
the folder it runs from (here, or a workspace root when it names the app), so the path to validate
is the one it prints. Upload \`dist/NAME.tgz\` as a new version of your EdgeWorker.

## Files

- \`src/main.ts\`: the worker (event handlers as named exports).
- \`weft.config.ts\`: origin, variables, simulated visitors, mock origins, bundle.json fields.
- \`mocks/origin.ts\`: the mock origin, a small [Hono](https://hono.dev) app.
- \`test/worker.test.ts\`: the whole worker through the pipeline, with \`@weft/testing\`.
- \`test/handlers.test.ts\`: one handler at a time (\`callHandler\`, \`mockSubrequests\`).
- \`vitest.config.ts\`: resolves the built-in modules in tests.
`;

const tsconfig = `{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2023", "DOM"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noEmit": true,
    "allowImportingTsExtensions": true,
    "skipLibCheck": true,
    "types": ["node"]
  },
  "include": ["src", "test", "mocks", "weft.config.ts", "vitest.config.ts"]
}
`;

export function templates(input: TemplateInput): Record<string, string> {
  const fill = (text: string): string => text.replaceAll('NAME', input.name);
  const packageJson = {
    name: input.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    // Scripts run in this folder: `weft build` writes dist/<name>.tgz here, where validate reads it.
    scripts: { dev: 'weft dev', test: 'vitest run', build: 'weft build', validate: `weft validate dist/${input.name}.tgz` },
    devDependencies: {
      '@weft/cli': input.depVersion,
      '@weft/testing': input.depVersion,
      '@types/akamai-edgeworkers': '1.1.19',
      '@types/node': '^20.19.0',
      hono: HONO_RANGE,
      typescript: '~5.9.3',
      vitest: '^4.1.12',
    },
  };
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'tsconfig.json': tsconfig,
    '.gitignore': 'node_modules/\ndist/\n',
    'weft.config.ts': fill(config),
    'src/main.ts': fill(worker),
    'mocks/origin.ts': fill(mock),
    'test/worker.test.ts': fill(test),
    'test/handlers.test.ts': fill(unitTest),
    'vitest.config.ts': vitestConfig,
    'README.md': fill(readme),
  };
}
