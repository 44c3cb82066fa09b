/**
 * The sub-request host policy judged against the WHATWG URL parser itself (spec §10, decisions 21,
 * 23; issue 12): for URL-like strings built from the pieces that confuse hand-written checks
 * (backslashes, userinfo, ports, case, tabs, numeric hosts), whatever the policy lets through goes
 * exactly where the parser says the URL points, never names a port, and never reaches a host
 * outside the map; and a plain URL to a mapped host is always let through.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostPolicy } from '../../src/host/invocation.ts';
import { SubrequestHostError } from '../../src/modules/http-request/errors.ts';
import { resolveTarget } from '../../src/modules/http-request/host/target.ts';

const MAPPED: Record<string, string> = {
  'api.example.com': 'http://127.0.0.1:4001',
  'cdn.example.com': 'http://127.0.0.1:4002/prefix',
};
const DEFAULT_ORIGIN = 'http://127.0.0.1:4000';

function policyFor(requestScheme: 'http' | 'https'): HostPolicy {
  return { requestScheme, requestHost: 'www.example.com', hosts: new Map(Object.entries(MAPPED)), defaultOrigin: DEFAULT_ORIGIN };
}

/** Where the parser sends `input`, or undefined when it does not parse. */
function parsed(input: string, policy: HostPolicy): URL | undefined {
  try {
    return new URL(input, `${policy.requestScheme}://${policy.requestHost}/`);
  } catch {
    return undefined;
  }
}

function allowedOrigin(hostname: string): string | undefined {
  const mapped = MAPPED[hostname] ?? (hostname === 'www.example.com' ? DEFAULT_ORIGIN : undefined);
  return mapped === undefined ? undefined : new URL(mapped).origin;
}

const scheme = fc.constantFrom('http://', 'https://', 'HTTP://', 'hTtPs:', 'https:/', 'http:\\\\', '//', '\\\\', '', ' http://', 'ht\ttp://', 'ftp://', 'file://', 'ws://', 'data:');
const userinfo = fc.constantFrom('', 'user@', 'u:p@', 'api.example.com:4001@', 'x\\@', ':@', '%40@');
const host = fc.constantFrom(
  'api.example.com', 'API.Example.COM', 'cdn.example.com', 'www.example.com', 'api.example.com.', 'evil.example.net', 'api.example.com.evil.example.net',
  '127.0.0.1', '2130706433', '0x7f.1', '[::1]', '169.254.169.254', '[fe80::1]', 'localhost', 'api.exa\tmple.com', '',
);
const port = fc.constantFrom('', '', ':', ':80', ':443', ':4001', ':0', ':08', ':4\n001');
const tail = fc.string({ unit: fc.constantFrom('a', '/', '\\', '@', ':', '?', '#', '.', '%', '5', 'C', '1', ' ', '\t'), maxLength: 12 });
const urlLike = fc.tuple(scheme, userinfo, host, port, tail).map((parts) => parts.join(''));

describe('http-request host policy against the URL parser (property)', () => {
  it('lets through only what the parser resolves to a mapped host without a port, and sends it there', () => {
    fc.assert(
      fc.property(urlLike, fc.constantFrom<'http' | 'https'>('http', 'https'), (input, requestScheme) => {
        const policy = policyFor(requestScheme);
        let target: ReturnType<typeof resolveTarget>;
        try {
          target = resolveTarget(input, policy);
        } catch (error) {
          // Refusal is always allowed, but only with the module's documented error kinds.
          expect(error instanceof TypeError || error instanceof SubrequestHostError).toBe(true);
          return;
        }
        const url = parsed(input, policy);
        expect(url).toBeDefined();
        if (url === undefined) return;
        expect(['http:', 'https:']).toContain(url.protocol);
        expect(url.port).toBe('');
        expect(target.url.href).toBe(url.href);
        const origin = allowedOrigin(url.hostname);
        expect(origin).toBeDefined();
        expect(target.origin).toBe(origin);
      }),
      { numRuns: 3000 },
    );
  });

  it('a plain URL to a mapped host without a port is always let through, to that host', () => {
    const path = fc.string({ unit: fc.constantFrom('a', 'b', '/', '-', '_', '.', '~', '1'), maxLength: 20 });
    fc.assert(
      fc.property(fc.constantFrom('http', 'https'), fc.constantFrom(...Object.keys(MAPPED)), path, (s, name, rest) => {
        const target = resolveTarget(`${s}://${name}/${rest}`, policyFor('https'));
        expect(target.origin).toBe(new URL(MAPPED[name] as string).origin);
      }),
    );
  });
});
