/**
 * `weft validate --remote`: the local checks, then the platform's validation endpoint (the loopback
 * mock), merged: a type both found is said once, one only the platform found is added, its warnings
 * are shown, and a platform that finds nothing where the local checks did is said plainly.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.ts';
import { captureOutput, tempDir } from '../helpers/temp.ts';
import { bundleBytes, bundleFile, MAIN_JS } from './bundle-fixture.ts';
import { edgercFor, startEdgeWorkersApiMock, type EdgeWorkersApiMock } from './edgeworkers-api-mock.ts';

let mock: EdgeWorkersApiMock;
let edgerc: string;

beforeAll(async () => {
  mock = await startEdgeWorkersApiMock();
  edgerc = path.join(tempDir({ '.edgerc': edgercFor(mock) }), '.edgerc');
});
afterAll(() => mock.close());

function validate(...args: string[]): Promise<{ result: number; stdout: string; stderr: string }> {
  return captureOutput(() => main(['validate', ...args, '--remote', '--edgerc', edgerc]));
}

describe('weft validate --remote', () => {
  it('a valid bundle: valid here and on the platform, whose warnings are shown', async () => {
    mock.faults = { validation: { warnings: [{ type: 'ACCESS_TOKEN_EXPIRING_SOON', message: 'The EdgeKV access token is still valid but will expire soon.' }] } };
    const file = bundleFile('1.0.0');
    const run = await validate(file);
    expect(run.result).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/: valid \(2 files, .+\)\n.+: valid on the platform too\n {2}platform warning: ACCESS_TOKEN_EXPIRING_SOON: The EdgeKV access token is still valid but will expire soon\.\n$/);
    expect(mock.log.at(-1)).toEqual({ method: 'POST', path: '/edgeworkers/v1/validations', signed: true });
  });

  it('an error only the platform finds is added and fails the command; --json carries both answers', async () => {
    mock.faults = { validation: { errors: [{ type: 'ACCESS_TOKEN_INVALID', message: 'The EdgeKV access token is invalid.' }] } };
    const file = bundleFile('1.0.0');
    const run = await validate(file);
    expect(run.result).toBe(1);
    expect(run.stderr).toMatch(/: 1 more validation error from the platform\n {2}ACCESS_TOKEN_INVALID: The EdgeKV access token is invalid\.\n$/);
    const json = await validate(file, '--json');
    expect(json.result).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; errors: unknown[]; platform: { errors: Array<{ type: string }> }; platformOnly: unknown[] };
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([]);
    expect(report.platform.errors.map((issue) => issue.type)).toEqual(['ACCESS_TOKEN_INVALID']);
    expect(report.platformOnly).toHaveLength(1);
  });

  it('an error both find is said once; a bundle folder is packed and sent as a .tgz', async () => {
    mock.faults = {};
    const notGzip = path.join(tempDir(), 'bad.tgz');
    writeFileSync(notGzip, 'not gzip at all');
    const run = await validate(notGzip);
    expect(run.result).toBe(1);
    expect(run.stderr).toMatch(/^\S*bad\.tgz: 1 validation error\n {2}INVALID_GZIP_FORMAT \(EW1103\): .+\n\S*bad\.tgz: the platform reports the same error\n$/);
    const folder = tempDir({ 'main.js': MAIN_JS, 'bundle.json': '{ "edgeworker-version": "1.0.0" }' });
    expect((await validate(folder)).result).toBe(0);
  });

  it('the local checks fail but the platform finds nothing: both are said, exit 1', async () => {
    mock.faults = {};
    const file = path.join(tempDir(), 'broken.tgz');
    writeFileSync(file, bundleBytes('1.0.0', 'export function onClientRequest( {\n'));
    const run = await validate(file);
    expect(run.result).toBe(1);
    expect(run.stderr).toContain('STATIC_VALIDATION_FAILED');
    expect(run.stdout).toContain('broken.tgz: the platform finds no error (its answer is what an upload gets; please report the difference to Weft)');
  });

  it('--edgerc without --remote is a usage error', async () => {
    const run = await captureOutput(() => main(['validate', bundleFile('1.0.0'), '--edgerc', edgerc]));
    expect(run.result).toBe(2);
    expect(run.stderr).toContain('weft validate: --edgerc and --section are for --remote; add --remote');
  });
});
