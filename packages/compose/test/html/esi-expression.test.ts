import { describe, expect, it } from 'vitest';
import { parseExpression, substituteVariables } from '../../src/html/esi/expression.ts';
import type { EsiRequest } from '../../src/html/esi/variables.ts';

function request(headers: Record<string, string>, extra: Partial<EsiRequest> = {}): EsiRequest {
  return {
    host: 'www.example.com',
    query: 'mode=lite&q=a%20b',
    getHeader: (name) => (headers[name.toLowerCase()] === undefined ? undefined : [headers[name.toLowerCase()] ?? '']),
    ...extra,
  };
}

const gold = request(
  { cookie: 'tier=gold; name=Ann', 'accept-language': 'fr-FR,en;q=0.8', 'user-agent': 'Mozilla/5.0 (Macintosh) Firefox/120.0' },
  { userLocation: { country: 'FR', city: 'PARIS' }, getVariable: (n) => (n === 'PMUSER_AB' ? 'b' : undefined) },
);
const anonymous = request({});

describe('ESI expressions', () => {
  it.each([
    ["$(HTTP_COOKIE{tier}) == 'gold'", true, false],
    ["$(HTTP_COOKIE{'tier'}) != 'gold'", false, true],
    ["$(GEO{country_code}) == 'FR' & $(HTTP_ACCEPT_LANGUAGE{fr})", true, false],
    ["!($(QUERY_STRING{mode}) == 'full') | $(HTTP_COOKIE{tier})", true, true],
    ["$(HTTP_COOKIE{missing}|'x') == 'x'", true, true],
    ['$(HTTP_COOKIE{visits}|3) >= 2', true, true],
    ['10 > 9', true, true],
    ["$(HTTP_USER_AGENT{browser}) == 'MOZILLA' & $(HTTP_USER_AGENT{os}) == 'MAC'", true, false],
    ["$(PMUSER_AB) == 'b'", true, false],
    ['$(HTTP_COOKIE{tier})', true, false],
  ])('%s', (source, forGold, forAnonymous) => {
    const expression = parseExpression(source);
    expect(expression.evaluate(gold)).toBe(forGold);
    expect(expression.evaluate(anonymous)).toBe(forAnonymous);
  });

  it('rejects malformed expressions with the position and the rule', () => {
    expect(() => parseExpression("$(HTTP_COOKIE{a}) == 'x")).toThrow(/unterminated string at character/);
    expect(() => parseExpression('$(NOPE) == 1')).toThrow(/unknown variable NOPE \(known: HTTP_ACCEPT_LANGUAGE/);
    expect(() => parseExpression('(1 == 1')).toThrow(/missing "\)"/);
    expect(() => parseExpression('1 == 1 )')).toThrow(/unexpected "\)"/);
  });

  it('substitutes variables through the given encoder (URL components in src, entities in text)', () => {
    expect(substituteVariables('/promo?c=$(GEO{country_code})&q=$(QUERY_STRING{q})', gold, encodeURIComponent)).toBe('/promo?c=FR&q=a%20b');
    const hostile = request({ cookie: 'name=<script>' });
    expect(substituteVariables('Hi $(HTTP_COOKIE{name}|guest)!', hostile, (v) => v.replace(/</g, '&lt;'))).toBe('Hi &lt;script>!');
    expect(substituteVariables('Hi $(HTTP_COOKIE{name}|guest)!', anonymous, (v) => v)).toBe('Hi guest!');
  });
});
