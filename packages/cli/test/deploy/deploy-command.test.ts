/**
 * `weft deploy` end to end against the loopback mock of the EdgeWorkers API: the happy path with an
 * activation followed to COMPLETE, a duplicate version refused with the fix, the same bundle not
 * uploaded twice, a failed activation, bad credentials, a connection dropped mid-upload (retried
 * without a duplicate), and an invalid bundle that never leaves the machine. Nothing is sent
 * anywhere but the mock: every .edgerc here names 127.0.0.1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/main.ts';
import { sampleApp } from '../helpers/app.ts';
import { captureOutput, tempDir } from '../helpers/temp.ts';
import { weftRun } from '../helpers/weft-bin.ts';
import { bundleBytes, bundleFile } from './bundle-fixture.ts';
import { edgercFor, startEdgeWorkersApiMock, TEST_CREDENTIALS, type EdgeWorkersApiMock } from './edgeworkers-api-mock.ts';

let mock: EdgeWorkersApiMock;
let edgerc: string;

beforeEach(async () => {
  mock = await startEdgeWorkersApiMock();
  edgerc = path.join(tempDir({ '.edgerc': edgercFor(mock) }), '.edgerc');
});
afterEach(() => mock.close());

function deploy(...args: string[]): Promise<{ result: number; stdout: string; stderr: string }> {
  return captureOutput(() => main(['deploy', ...args, '--edgerc', edgerc]));
}

const uploads = (): number => mock.log.filter((entry) => entry.method === 'POST' && entry.path.endsWith('/versions')).length;

describe('weft deploy', () => {
  it('uploads, activates on staging and follows the activation to COMPLETE', async () => {
    const file = bundleFile('1.0.0');
    const run = await deploy(file, '--ew-id', '42', '--activate', '--wait', '--interval', '0.01');
    expect(run.stderr).toBe('');
    expect(run.result).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/worker-1\.0\.0\.tgz: valid, .+, edgeworker-version 1\.0\.0$/);
    expect(lines[1]).toBe('uploaded version 1.0.0 to EdgeWorker 42');
    expect(lines.slice(2, 6).map((line) => /: (\w+) \(\d+:\d\d\)$/.exec(line)?.[1])).toEqual(['PRESUBMIT', 'PENDING', 'IN_PROGRESS', 'COMPLETE']);
    expect(lines[2]).toMatch(/^activation 1 of version 1\.0\.0 on STAGING: PRESUBMIT/);
    expect(lines[6]).toBe('version 1.0.0 is active on STAGING');
    expect(mock.versions.get(42)?.map((entry) => entry.content)).toEqual([new Uint8Array(readFileSync(file))]);
    expect(mock.activations.map((entry) => [entry.network, entry.version, entry.status])).toEqual([['STAGING', '1.0.0', 'COMPLETE']]);
    expect(mock.log.every((entry) => entry.signed)).toBe(true);
  });

  it('--network production without --wait: starts the activation and says how to follow it', async () => {
    const run = await deploy(bundleFile('2.0.0'), '--ew-id', '42', '--activate', '--network', 'production');
    expect(run.result).toBe(0);
    expect(run.stdout).toContain('activation 1 of version 2.0.0 on PRODUCTION: PRESUBMIT; it takes a few minutes (add --wait to follow it)');
    expect(mock.activations[0]?.network).toBe('PRODUCTION');
  });

  it('without --activate: uploads only, and prints the command that activates', async () => {
    const file = bundleFile('2.1.0');
    const run = await deploy(file, '--ew-id', '42');
    expect(run.result).toBe(0);
    expect(run.stdout).toContain(`activate it with: weft deploy ${file} --ew-id 42 --activate --wait`);
    expect(mock.activations).toEqual([]);
  });

  it('refuses a version number that exists with other content, naming the fix, and uploads nothing', async () => {
    expect((await deploy(bundleFile('1.0.0'), '--ew-id', '42')).result).toBe(0);
    const other = bundleFile('1.0.0', 'export function onClientRequest(request) { request.respondWith(204, {}, ""); }\n');
    const run = await deploy(other, '--ew-id', '42', '--activate');
    expect(run.result).toBe(1);
    expect(run.stderr).toMatch(/^weft deploy: version 1\.0\.0 of EdgeWorker 42 already exists with other content \(uploaded .+ by weft-tests\), and a version is never replaced; raise "edgeworker-version" \(bundle\["edgeworker-version"\] in weft\.config\.ts, or "version" in the app's package\.json\), build, and deploy again\n$/);
    expect(uploads()).toBe(1);
    expect(mock.activations).toEqual([]);
  });

  it('the same bundle again: not uploaded twice, and --activate activates the version already there', async () => {
    const file = bundleFile('1.0.0');
    expect((await deploy(file, '--ew-id', '42')).result).toBe(0);
    const again = await deploy(file, '--ew-id', '42', '--activate', '--wait', '--interval', '0.01');
    expect(again.result).toBe(0);
    expect(again.stdout).toContain('version 1.0.0 of EdgeWorker 42 is already on the platform with this same bundle; not uploaded again');
    expect(again.stdout).toContain('version 1.0.0 is active on STAGING');
    expect(uploads()).toBe(1);
  });

  it('a failed activation: exit 1, the final status and what to do', async () => {
    mock.faults = { activationEnds: 'ABORTED' };
    const run = await deploy(bundleFile('3.0.0'), '--ew-id', '42', '--activate', '--wait', '--interval', '0.01');
    expect(run.result).toBe(1);
    expect(run.stdout).toMatch(/activation 1 of version 3\.0\.0 on STAGING: ABORTED/);
    expect(run.stderr).toMatch(/^weft deploy: activation 1 of version 3\.0\.0 on STAGING ended ABORTED; the version was uploaded but is not live: see the activation in Control Center .+ then activate again with `weft deploy <app> --ew-id 42 --activate`\n$/);
  });

  it('bad credentials: the platform\'s 401 with what to check, and nothing uploaded', async () => {
    const wrong = path.join(tempDir({ '.edgerc': edgercFor(mock, 'default', { ...TEST_CREDENTIALS, clientSecret: 'bm90LXRoZS1zZWNyZXQ=' }) }), '.edgerc');
    const run = await captureOutput(() => main(['deploy', bundleFile('1.0.0'), '--ew-id', '42', '--edgerc', wrong]));
    expect(run.result).toBe(1);
    expect(run.stderr).toMatch(/^weft deploy: listing the versions of EdgeWorker 42: the EdgeWorkers API answered 401 \(Not authorized: The signature does not match: the signature does not match\); the credentials in \.edgerc were refused/);
    expect(mock.versions.size).toBe(0);
  });

  it('an EdgeWorker ID the account lacks: the 404 names --ew-id', async () => {
    const run = await deploy(bundleFile('1.0.0'), '--ew-id', '99');
    expect(run.result).toBe(1);
    expect(run.stderr).toContain('check the EdgeWorker ID (--ew-id)');
  });

  it('the connection drops after the version was stored: the retry finds it there and uploads nothing twice', async () => {
    mock.faults = { dropUploads: { count: 1, when: 'after-store' } };
    const run = await deploy(bundleFile('4.0.0'), '--ew-id', '42');
    expect(run.result).toBe(0);
    expect(run.stderr).toBe('weft deploy: the connection broke while uploading version 4.0.0 (attempt 1 of 3); checking whether it arrived\n');
    expect(run.stdout).toContain('uploaded version 4.0.0 to EdgeWorker 42 (it arrived before the connection broke)');
    expect(uploads()).toBe(1);
    expect(mock.versions.get(42)?.length).toBe(1);
  });

  it('the connection drops before the version was stored: it is sent again, once', async () => {
    mock.faults = { dropUploads: { count: 1, when: 'before-store' } };
    const run = await deploy(bundleFile('4.1.0'), '--ew-id', '42');
    expect(run.result).toBe(0);
    expect(run.stderr).toContain('the connection broke while uploading version 4.1.0 (attempt 1 of 3)');
    expect(run.stdout).toContain('uploaded version 4.1.0 to EdgeWorker 42\n');
    expect(uploads()).toBe(2);
    expect(mock.versions.get(42)?.map((entry) => entry.version)).toEqual(['4.1.0']);
  });

  it('an invalid bundle is reported with the platform\'s types and never sent', async () => {
    const file = path.join(tempDir(), 'broken.tgz');
    writeFileSync(file, bundleBytes('1.0.0', 'export function onClientRequest( {\n'));
    const run = await deploy(file, '--ew-id', '42');
    expect(run.result).toBe(1);
    expect(run.stderr.startsWith(`weft deploy: ${path.relative(process.cwd(), file)} is not a valid code bundle`)).toBe(true);
    expect(run.stderr).toContain('is not a valid code bundle, so nothing was uploaded:\n  STATIC_VALIDATION_FAILED: ');
    expect(mock.log).toEqual([]);
  });

  it('a missing .edgerc or section: says where it looked and what to pass', async () => {
    const missing = await captureOutput(() => main(['deploy', bundleFile('1.0.0'), '--ew-id', '42', '--edgerc', path.join(tempDir(), 'none')]));
    expect(missing.result).toBe(1);
    expect(missing.stderr).toMatch(/none does not exist; create API credentials for the EdgeWorkers API in Akamai Control Center .+ or pass --edgerc PATH\n$/);
    const section = await deploy(bundleFile('1.0.0'), '--ew-id', '42', '--section', 'prod');
    expect(section.stderr).toMatch(/has no \[prod\] section; its sections: default; pass --section NAME/);
    expect(mock.log).toEqual([]);
  });

  it('through the real binary, inside an app\'s folder: builds dist/<app>.tgz there and uploads it', async () => {
    const app = sampleApp();
    const run = await weftRun(['deploy', '--ew-id', '42', '--edgerc', edgerc], app);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^sample: built dist\/sample\.tgz: valid, .+, edgeworker-version 2\.3\.4\nuploaded version 2\.3\.4 to EdgeWorker 42\nactivate it with: weft deploy --ew-id 42 --activate --wait\n$/);
    expect(mock.versions.get(42)?.[0]?.content).toEqual(new Uint8Array(readFileSync(path.join(app, 'dist', 'sample.tgz'))));
  }, 60_000);
});
