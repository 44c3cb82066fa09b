/** Following an activation: on a terminal one line rewritten in place, in a log one line per status change. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeWorkersClient } from '../../src/deploy/api-client.ts';
import { followActivation } from '../../src/deploy/follow.ts';
import { bundleBytes } from './bundle-fixture.ts';
import { startEdgeWorkersApiMock, TEST_CREDENTIALS, type EdgeWorkersApiMock } from './edgeworkers-api-mock.ts';

let mock: EdgeWorkersApiMock;
let client: EdgeWorkersClient;
beforeAll(async () => {
  mock = await startEdgeWorkersApiMock();
  client = new EdgeWorkersClient({ host: mock.host, ...TEST_CREDENTIALS });
  await client.createVersion(42, bundleBytes('1.0.0'), '1.0.0');
});
afterAll(() => mock.close());

describe('followActivation', () => {
  it('on a terminal: one line, rewritten with \\r at every poll, ended by a newline', async () => {
    let written = '';
    const done = await followActivation(client, await client.activate(42, 'STAGING', '1.0.0'), { intervalMs: 1, tty: true, write: (text) => (written += text) });
    expect(done.status).toBe('COMPLETE');
    expect(written.split('\r').slice(1).map((part) => /: (\w+) \(/.exec(part)?.[1])).toEqual(['PRESUBMIT', 'PENDING', 'IN_PROGRESS', 'COMPLETE']);
    expect(written).not.toMatch(/\n(?!$)/);
    expect(written.endsWith('\x1b[K\n')).toBe(true);
  });

  it('in a log: a line per status, none repeated', async () => {
    let written = '';
    await followActivation(client, await client.activate(42, 'PRODUCTION', '1.0.0'), { intervalMs: 1, tty: false, write: (text) => (written += text) });
    expect(written.split('\n').filter((line) => line !== '').map((line) => line.replace(/ \(\d+:\d\d\)$/, ''))).toEqual([
      'activation 2 of version 1.0.0 on PRODUCTION: PRESUBMIT',
      'activation 2 of version 1.0.0 on PRODUCTION: PENDING',
      'activation 2 of version 1.0.0 on PRODUCTION: IN_PROGRESS',
      'activation 2 of version 1.0.0 on PRODUCTION: COMPLETE',
    ]);
  });
});
