/**
 * A local stand-in for Akamai's EdgeWorkers API, for tests: a Hono app on a loopback port that
 * checks each request's EdgeGrid signature against the test credentials (its own implementation of
 * the EG1-HMAC-SHA256 scheme, not the client's library, so the two check each other), stores
 * versions, walks activations through their states one step per poll, validates tarballs, issues
 * Akamai-EW-Trace tokens, and answers errors as the platform's problem documents. Faults are
 * switched on per test: dropped uploads, failing activations, extra validation findings.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { serve, type HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';

export const TEST_CREDENTIALS = {
  clientToken: 'akab-client-token-for-tests',
  clientSecret: 'c2VjcmV0LWZvci10ZXN0cy1vbmx5LW5vdC1yZWFs',
  accessToken: 'akab-access-token-for-tests',
} as const;

/** EdgeGrid signs at most this many bytes of a POST body. */
const MAX_BODY = 131072;

interface StoredVersion {
  edgeWorkerId: number;
  version: string;
  checksum: string;
  createdBy: string;
  createdTime: string;
  content: Uint8Array;
}

interface StoredActivation {
  activationId: number;
  edgeWorkerId: number;
  version: string;
  network: string;
  status: string;
  createdTime: string;
  lastModifiedTime: string;
  /** The statuses still to come, one per poll. */
  ahead: string[];
}

export interface MockFaults {
  /** The next N uploads lose their connection: `before-store` drops it before reading, `after-store` after the version is stored (the answer is lost). */
  dropUploads?: { count: number; when: 'before-store' | 'after-store' };
  /** How activations end. Default COMPLETE. */
  activationEnds?: 'COMPLETE' | 'ABORTED';
  /** The next N signed requests get a 503 problem document (a platform hiccup). */
  unavailable?: number;
  /** Findings the platform's validation adds to its own. */
  validation?: { errors?: Array<{ type: string; message: string }>; warnings?: Array<{ type: string; message: string }> };
}

export interface EdgeWorkersApiMock {
  /** `127.0.0.1:PORT`, what the test's .edgerc names as host. */
  host: string;
  versions: Map<number, StoredVersion[]>;
  activations: StoredActivation[];
  /** Every request received: method, path, and whether its signature held. */
  log: Array<{ method: string; path: string; signed: boolean }>;
  faults: MockFaults;
  close(): Promise<void>;
}

type Env = { Bindings: HttpBindings; Variables: { body: Uint8Array } };

function problem(c: Context<Env>, status: 400 | 401 | 403 | 404 | 409, type: string, title: string, detail: string): Response {
  return c.json({ type, title, detail, instance: `/edgeworkers/error-instances/${createHash('sha1').update(detail).digest('hex').slice(0, 12)}`, status }, status);
}

const b64 = (data: string | Uint8Array, key: string): string => createHmac('sha256', key).update(data).digest('base64');

/** EG1-HMAC-SHA256, from Akamai's description of the scheme: undefined when it holds, else why not. */
function signatureProblem(method: string, host: string, pathAndQuery: string, body: Uint8Array, authorization: string | undefined, nonces: Set<string>): string | undefined {
  if (authorization === undefined || !authorization.startsWith('EG1-HMAC-SHA256 ')) return 'no EG1-HMAC-SHA256 Authorization header';
  const fields = new Map(authorization.slice('EG1-HMAC-SHA256 '.length).split(';').filter((part) => part !== '').map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]));
  if (fields.get('client_token') !== TEST_CREDENTIALS.clientToken || fields.get('access_token') !== TEST_CREDENTIALS.accessToken) return 'unknown client_token or access_token';
  const timestamp = fields.get('timestamp') ?? '';
  const nonce = fields.get('nonce') ?? '';
  if (!/^\d{8}T\d{2}:\d{2}:\d{2}\+0000$/.test(timestamp) || nonce === '') return 'a bad timestamp or no nonce';
  if (nonces.has(nonce)) return 'a nonce used before (a replayed request)';
  const unsigned = authorization.slice(0, authorization.indexOf('signature='));
  const contentHash = method === 'POST' && body.length > 0 ? createHash('sha256').update(body.subarray(0, MAX_BODY)).digest('base64') : '';
  const data = [method, 'https', host, pathAndQuery, '', contentHash, unsigned].join('\t');
  if (fields.get('signature') !== b64(data, b64(timestamp, TEST_CREDENTIALS.clientSecret))) return 'the signature does not match';
  nonces.add(nonce);
  return undefined;
}

function jwt(payload: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${head}.${createHmac('sha256', TEST_CREDENTIALS.clientSecret).update(head).digest('base64url')}`;
}

export async function startEdgeWorkersApiMock(options: { edgeWorkerIds?: number[]; faults?: MockFaults } = {}): Promise<EdgeWorkersApiMock> {
  const known = new Set(options.edgeWorkerIds ?? [42]);
  const versions = new Map<number, StoredVersion[]>();
  const activations: StoredActivation[] = [];
  const log: EdgeWorkersApiMock['log'] = [];
  const nonces = new Set<string>();
  const state = { faults: options.faults ?? {} };
  const app = new Hono<Env>();
  const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    if (isDroppedBeforeRead(c)) {
      log.push({ method: c.req.method, path: url.pathname, signed: false });
      return c.body(null);
    }
    const body = new Uint8Array(c.req.method === 'POST' ? await c.req.arrayBuffer() : new ArrayBuffer(0));
    c.set('body', body);
    const why = signatureProblem(c.req.method, c.req.header('host') ?? '', url.pathname + url.search, body, c.req.header('authorization'), nonces);
    log.push({ method: c.req.method, path: url.pathname, signed: why === undefined });
    if (why !== undefined) return problem(c, 401, 'https://problems.luna.akamaiapis.net/-/pep-authn/deny', 'Not authorized', `The signature does not match: ${why}`);
    if ((state.faults.unavailable ?? 0) > 0) {
      state.faults.unavailable = (state.faults.unavailable ?? 0) - 1;
      return c.json({ type: '/edgeworkers/error-types/edgeworkers-server-error', title: 'Service Unavailable.', detail: 'Try again later', status: 503 }, 503);
    }
    await next();
  });

  function isDroppedBeforeRead(c: Context<Env>): boolean {
    const drop = state.faults.dropUploads;
    if (drop === undefined || drop.when !== 'before-store' || drop.count <= 0 || c.req.method !== 'POST' || !/\/versions$/.test(new URL(c.req.url).pathname)) return false;
    drop.count -= 1;
    c.env.incoming.socket.destroy();
    return true;
  }

  const bodyOf = (c: Context<Env>): Uint8Array => c.get('body');
  const ewId = (c: Context<Env>): number | undefined => {
    const id = Number(c.req.param('id'));
    return known.has(id) ? id : undefined;
  };
  const noSuchId = (c: Context<Env>): Response => problem(c, 404, '/edgeworkers/error-types/edgeworkers-not-found', 'The given resource could not be found.', `Unable to find the requested EdgeWorker ID ${c.req.param('id')}`);

  app.get('/edgeworkers/v1/ids/:id/versions', (c) => {
    const id = ewId(c);
    if (id === undefined) return noSuchId(c);
    return c.json({ versions: (versions.get(id) ?? []).map(({ content: _content, ...record }) => record) });
  });

  app.get('/edgeworkers/v1/ids/:id/versions/:version/content', (c) => {
    const id = ewId(c);
    if (id === undefined) return noSuchId(c);
    const found = versions.get(id)?.find((entry) => entry.version === c.req.param('version'));
    if (found === undefined) return problem(c, 404, '/edgeworkers/error-types/edgeworkers-not-found', 'The given resource could not be found.', `Unable to find version ${c.req.param('version')}`);
    return c.body(found.content.slice().buffer, 200, { 'Content-Type': 'application/gzip' });
  });

  app.post('/edgeworkers/v1/ids/:id/versions', (c) => {
    const id = ewId(c);
    if (id === undefined) return noSuchId(c);
    if (c.req.header('content-type') !== 'application/gzip') return problem(c, 400, '/edgeworkers/error-types/edgeworkers-invalid-argument', 'Invalid Argument.', 'Content-Type must be application/gzip');
    const content = bodyOf(c);
    let version: string;
    try {
      const tar = gunzipSync(content).toString('latin1');
      const at = tar.indexOf('"edgeworker-version"');
      version = (/"edgeworker-version"\s*:\s*"([^"]+)"/.exec(tar.slice(at)) ?? [])[1] ?? '';
    } catch {
      return problem(c, 400, '/edgeworkers/error-types/edgeworkers-invalid-argument', 'Invalid Argument.', 'Invalid tarball provided');
    }
    if (version === '') return problem(c, 400, '/edgeworkers/error-types/edgeworkers-invalid-argument', 'Invalid Argument.', 'Invalid tarball provided: no edgeworker-version in bundle.json');
    const list = versions.get(id) ?? [];
    if (list.some((entry) => entry.version === version)) return problem(c, 409, '/edgeworkers/error-types/edgeworkers-conflict', 'Conflict.', `Version ${version} already exists for EdgeWorker ID ${id}`);
    const record: StoredVersion = { edgeWorkerId: id, version, checksum: createHash('sha256').update(content).digest('hex'), createdBy: 'weft-tests', createdTime: now(), content };
    versions.set(id, [...list, record]);
    const drop = state.faults.dropUploads;
    if (drop !== undefined && drop.when === 'after-store' && drop.count > 0) {
      drop.count -= 1;
      c.env.incoming.socket.destroy();
      return c.body(null);
    }
    const { content: _content, ...answer } = record;
    return c.json(answer, 201);
  });

  app.post('/edgeworkers/v1/ids/:id/activations', async (c) => {
    const id = ewId(c);
    if (id === undefined) return noSuchId(c);
    const asked = JSON.parse(new TextDecoder().decode(bodyOf(c))) as { network?: unknown; version?: unknown };
    if (asked.network !== 'STAGING' && asked.network !== 'PRODUCTION') return problem(c, 400, '/edgeworkers/error-types/edgeworkers-invalid-argument', 'Invalid Argument.', 'network must be STAGING or PRODUCTION');
    if (!(versions.get(id) ?? []).some((entry) => entry.version === asked.version)) return problem(c, 400, '/edgeworkers/error-types/edgeworkers-invalid-argument', 'Invalid Argument.', `Version ${String(asked.version)} does not exist`);
    const record: StoredActivation = { activationId: activations.length + 1, edgeWorkerId: id, version: String(asked.version), network: asked.network, status: 'PRESUBMIT', createdTime: now(), lastModifiedTime: now(), ahead: ['PENDING', 'IN_PROGRESS', state.faults.activationEnds ?? 'COMPLETE'] };
    activations.push(record);
    const { ahead: _ahead, ...answer } = record;
    return c.json(answer, 201);
  });

  app.get('/edgeworkers/v1/ids/:id/activations/:activationId', (c) => {
    const id = ewId(c);
    if (id === undefined) return noSuchId(c);
    const record = activations.find((entry) => entry.edgeWorkerId === id && entry.activationId === Number(c.req.param('activationId')));
    if (record === undefined) return problem(c, 404, '/edgeworkers/error-types/edgeworkers-not-found', 'The given resource could not be found.', `Unable to find activation ${c.req.param('activationId')}`);
    const next = record.ahead.shift();
    if (next !== undefined) {
      record.status = next;
      record.lastModifiedTime = now();
    }
    const { ahead: _ahead, ...answer } = record;
    return c.json(answer);
  });

  app.post('/edgeworkers/v1/validations', (c) => {
    const content = bodyOf(c);
    const errors: Array<{ type: string; message: string }> = [];
    if (content[0] !== 0x1f || content[1] !== 0x8b) errors.push({ type: 'INVALID_GZIP_FORMAT', message: 'The GZIP format of the EdgeWorkers code bundle is invalid.' });
    return c.json({ errors: [...errors, ...(state.faults.validation?.errors ?? [])], warnings: state.faults.validation?.warnings ?? [] });
  });

  app.post('/edgeworkers/v1/secure-token', (c) => {
    const asked = JSON.parse(new TextDecoder().decode(bodyOf(c))) as { hostnames?: unknown; expiry?: unknown };
    const hostnames = asked.hostnames;
    if (!Array.isArray(hostnames) || hostnames.length === 0 || !hostnames.every((name) => typeof name === 'string')) return problem(c, 400, '/edgeworkers/error-types/edgeworkers-invalid-argument', 'Invalid Argument.', 'hostnames must be a non-empty array of strings');
    const expiry = asked.expiry ?? 480;
    if (typeof expiry !== 'number' || !Number.isInteger(expiry) || expiry < 1 || expiry > 720) return problem(c, 400, '/edgeworkers/error-types/edgeworkers-invalid-argument', 'Invalid Argument.', 'expiry must be an integer from 1 to 720');
    return c.json({ akamaiEwTrace: jwt({ hostnames, exp: Math.floor(Date.now() / 1000) + expiry * 60 }) });
  });

  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started as Server)) as Server;
  });
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    versions,
    activations,
    log,
    get faults() {
      return state.faults;
    },
    set faults(value: MockFaults) {
      state.faults = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An .edgerc text naming the mock. */
export function edgercFor(mock: { host: string }, section = 'default', credentials: { clientToken: string; clientSecret: string; accessToken: string } = TEST_CREDENTIALS): string {
  return `[${section}]\nclient_secret = ${credentials.clientSecret}\nhost = ${mock.host}\naccess_token = ${credentials.accessToken}\nclient_token = ${credentials.clientToken}\n`;
}
