import { describe, expect, it } from 'vitest';
import { ConfigError, parseRuntimeOptions } from '../../src/index.ts';

describe('runtime options schema', () => {
  it('fills the documented defaults (decisions 1, 4, 20, 30)', () => {
    const options = parseRuntimeOptions({});
    expect(options).toMatchObject({ tier: 200, limitsProfile: 'current', responseProviderFailure: 'origin', continueOnError: false, scheme: 'http', hosts: {}, originIds: {}, variables: {} });
    expect(options.cache.defaultTtlSeconds).toBe(0);
  });

  const bad: Array<[unknown, string]> = [
    [{ tier: 300 }, 'config "tier": expected 100, 200 or 280 (got 300)'],
    [{ cache: { defaultTtlSeconds: 'a' } }, 'config "cache.defaultTtlSeconds": expected number (got "a")'],
    [{ origin: 'ftp://x' }, 'config "origin": an absolute http:// or https:// URL (got "ftp://x")'],
    [{ variables: { foo: '1' } }, 'config "variables.foo": the key "foo" is not a PMUSER_ name'],
    [{ bogus: 1 }, 'unknown key(s) "bogus"'],
    [{ responseProviderFailure: '500' }, 'config "responseProviderFailure": expected one of "origin", "error" (got "500")'],
    [{ bot: { segment: 'robot' } }, 'config "bot.segment"'],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${JSON.stringify(input)} naming the key path and the rule`, () => {
      expect(() => parseRuntimeOptions(input)).toThrow(ConfigError);
      expect(() => parseRuntimeOptions(input)).toThrow(message);
    });
  }
});
