/**
 * The EdgeWorkers API client against the loopback mock: EdgeGrid signatures the mock verifies on
 * its own, the problem documents turned into errors that say what to do, retries of reads, and
 * the .edgerc host rule (plain http:// for a loopback host only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeWorkersClient } from '../../src/deploy/api-client.ts';
import { apiEndpoint } from '../../src/deploy/edgerc.ts';
import { ApiUnreachableError, EdgercError, EdgeWorkersApiError } from '../../src/errors.ts';
import { bundleBytes } from './bundle-fixture.ts';
import { startEdgeWorkersApiMock, TEST_CREDENTIALS, type EdgeWorkersApiMock } from './edgeworkers-api-mock.ts';

let mock: EdgeWorkersApiMock;
beforeAll(async () => {
  mock = await startEdgeWorkersApiMock();
});
afterAll(() => mock.close());

const client = (overrides: Partial<Record<keyof typeof TEST_CREDENTIALS, string>> = {}): EdgeWorkersClient => new EdgeWorkersClient({ host: mock.host, ...TEST_CREDENTIALS, ...overrides }, { retryDelayMs: 1 });

describe('EdgeWorkersClient', () => {
  it('signs every request so the mock\'s own EdgeGrid check accepts it: versions, activation, token', async () => {
    const api = client();
    expect(await api.listVersions(42)).toEqual([]);
    const created = await api.createVersion(42, bundleBytes('1.0.0'), '1.0.0');
    expect(created).toMatchObject({ edgeWorkerId: 42, version: '1.0.0' });
    expect((await api.listVersions(42)).map((entry) => entry.version)).toEqual(['1.0.0']);
    expect(await api.versionContent(42, '1.0.0')).toEqual(bundleBytes('1.0.0'));
    const activation = await api.activate(42, 'STAGING', '1.0.0');
    expect(activation).toMatchObject({ status: 'PRESUBMIT', network: 'STAGING', version: '1.0.0' });
    expect((await api.activation(42, activation.activationId)).status).toBe('PENDING');
    expect(await api.secureToken(['www.example.com'], 60)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(mock.log.every((entry) => entry.signed)).toBe(true);
  });

  it('bad credentials: a 401 problem document becomes an error naming the keys of .edgerc to check', async () => {
    const error = await client({ clientSecret: 'd3Jvbmctc2VjcmV0' }).listVersions(42).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EdgeWorkersApiError);
    expect((error as EdgeWorkersApiError).code).toBe('WEFT_DEPLOY_API');
    expect((error as EdgeWorkersApiError).problem).toMatchObject({ status: 401, title: 'Not authorized' });
    expect((error as Error).message).toMatch(/^listing the versions of EdgeWorker 42: the EdgeWorkers API answered 401 \(Not authorized: The signature does not match.*\); the credentials in \.edgerc were refused: check client_token, client_secret and access_token/);
    const token = await client({ accessToken: 'akab-someone-else' }).listVersions(42).catch((caught: unknown) => caught);
    expect((token as Error).message).toContain('unknown client_token or access_token');
  });

  it('an EdgeWorker ID the account does not have: 404, and the hint names --ew-id', async () => {
    await expect(client().listVersions(7)).rejects.toThrow(/answered 404 \(The given resource could not be found\.: Unable to find the requested EdgeWorker ID 7\); check the EdgeWorker ID \(--ew-id\)/);
  });

  it('a bad request body: the platform\'s detail is passed on', async () => {
    await expect(client().secureToken(['a.example'], 9999)).rejects.toThrow(/answered 400 \(Invalid Argument\.: expiry must be an integer from 1 to 720\)/);
  });

  it('a 503: a read is sent again and succeeds; an upload is not repeated blindly', async () => {
    mock.faults = { unavailable: 2 };
    expect(Array.isArray(await client().listVersions(42))).toBe(true);
    mock.faults = { unavailable: 1 };
    await expect(client().createVersion(42, bundleBytes('9.0.0'), '9.0.0')).rejects.toThrow(/^uploading version 9\.0\.0 to EdgeWorker 42: the EdgeWorkers API answered 503 \(Service Unavailable\.: Try again later\); the platform failed; run the command again later$/);
    mock.faults = {};
  });

  it('an API that cannot be reached: reads are tried again, then the error says so and what to check', async () => {
    const gone = await startEdgeWorkersApiMock();
    await gone.close();
    const api = new EdgeWorkersClient({ host: gone.host, ...TEST_CREDENTIALS }, { retryDelayMs: 1, attempts: 2 });
    const error = await api.listVersions(42).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiUnreachableError);
    expect((error as Error).message).toMatch(new RegExp(`^listing the versions of EdgeWorker 42: the EdgeWorkers API at http://${gone.host.replace(/\./g, '\\.')} could not be reached \\(.+\\) after 2 attempts; check the network and host in \\.edgerc`));
  });
});

describe('apiEndpoint: https always, plain http for a loopback mock only', () => {
  it('a real host is reached and signed over https, with or without the scheme written', () => {
    expect(apiEndpoint('akab-abc.luna.akamaiapis.net')).toEqual({ sendTo: 'https://akab-abc.luna.akamaiapis.net', signedFor: 'https://akab-abc.luna.akamaiapis.net' });
    expect(apiEndpoint('https://akab-abc.luna.akamaiapis.net/')).toEqual({ sendTo: 'https://akab-abc.luna.akamaiapis.net', signedFor: 'https://akab-abc.luna.akamaiapis.net' });
  });

  it('a loopback host goes over http but is signed as https, as the real API expects', () => {
    expect(apiEndpoint('127.0.0.1:8123')).toEqual({ sendTo: 'http://127.0.0.1:8123', signedFor: 'https://127.0.0.1:8123' });
    expect(apiEndpoint('http://localhost:9')).toEqual({ sendTo: 'http://localhost:9', signedFor: 'https://localhost:9' });
    expect(apiEndpoint('[::1]:9').sendTo).toBe('http://[::1]:9');
  });

  it('http:// on any other host is refused, and so is a host with a path', () => {
    expect(() => apiEndpoint('http://akab-abc.luna.akamaiapis.net')).toThrow(EdgercError);
    expect(() => apiEndpoint('http://akab-abc.luna.akamaiapis.net')).toThrow(/only reached over https \(plain http:\/\/ is allowed for a loopback mock alone\)/);
    expect(() => apiEndpoint('http://127.0.0.1.example.com')).toThrow(/only reached over https/);
    expect(() => apiEndpoint('akab-abc.luna.akamaiapis.net/edgeworkers')).toThrow(/is not a host name/);
  });
});
