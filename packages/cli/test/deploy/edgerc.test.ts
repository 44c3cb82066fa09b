/** Reading `.edgerc`: sections, quoting and comments, and an error that names the fix for each way it can be wrong. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIni, readEdgerc } from '../../src/deploy/edgerc.ts';
import { EdgercError } from '../../src/errors.ts';
import { tempDir } from '../helpers/temp.ts';

const FULL = `; Akamai credentials
[default]
client_secret = "abc=def"
host = akab-host.luna.akamaiapis.net/
access_token = akab-access ; an inline comment
client_token = akab-client

[ccu]
host = other.luna.akamaiapis.net
`;

function edgerc(text: string): string {
  return path.join(tempDir({ '.edgerc': text }), '.edgerc');
}

describe('readEdgerc', () => {
  it('reads a section\'s four keys, unquoting values and dropping comments and the host\'s trailing slash', () => {
    expect(readEdgerc({ file: edgerc(FULL) })).toEqual({ host: 'akab-host.luna.akamaiapis.net', clientSecret: 'abc=def', accessToken: 'akab-access', clientToken: 'akab-client' });
    expect(parseIni(FULL).get('ccu')?.get('host')).toBe('other.luna.akamaiapis.net');
  });

  it('a missing file: says where it looked and how to get credentials', () => {
    const missing = path.join(tempDir(), 'nope', '.edgerc');
    expect(() => readEdgerc({ file: missing })).toThrow(EdgercError);
    expect(() => readEdgerc({ file: missing })).toThrow(`${missing} does not exist; create API credentials for the EdgeWorkers API in Akamai Control Center`);
  });

  it('a missing section: lists the sections there are and points to --section', () => {
    expect(() => readEdgerc({ file: edgerc(FULL), section: 'papi' })).toThrow(/has no \[papi\] section; its sections: default, ccu; pass --section NAME/);
  });

  it('missing keys: names each one', () => {
    let caught: unknown;
    try {
      readEdgerc({ file: edgerc(FULL), section: 'ccu' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EdgercError);
    expect((caught as EdgercError).code).toBe('WEFT_DEPLOY_EDGERC');
    expect((caught as Error).message).toMatch(/\[ccu\] of .+ lacks client_token, client_secret, access_token; an EdgeGrid section needs host, client_token, client_secret and access_token/);
  });
});
