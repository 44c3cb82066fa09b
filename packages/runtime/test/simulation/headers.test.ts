import { describe, expect, it } from 'vitest';
import { parseRuntimeOptions, simulate, SimulationHeaderError, takeSimulationHeaders } from '../../src/index.ts';

describe('simulation headers (docs/decisions.md, local simulation)', () => {
  it('splits x-weft-* headers off the request, case-insensitively, keeping the others in order', () => {
    const headers: Array<[string, string]> = [['Host', 'a'], ['X-Weft-Location', 'country=FR'], ['accept', '*/*'], ['x-weft-now', '2026-01-01T00:00:00Z'], ['x-weft-other', 'kept']];
    const found = takeSimulationHeaders(headers);
    expect(found).toEqual({ 'x-weft-location': 'country=FR', 'x-weft-now': '2026-01-01T00:00:00Z' });
    expect(headers).toEqual([['Host', 'a'], ['accept', '*/*'], ['x-weft-other', 'kept']]);
  });

  it('types values as the platform types them and applies precedence header > config', () => {
    const options = parseRuntimeOptions({ variables: { PMUSER_A: 'config', PMUSER_B: 'config' }, location: { country: 'US' } });
    const sim = simulate(options, {
      'x-weft-device': 'isMobile=true; resolutionWidth=1080; brandName=Firefox',
      'x-weft-variables': 'PMUSER_A=header; PMUSER_PEM=a=b=c',
      'x-weft-bot': 'segment=strict; action=deny',
      'x-weft-client-ip': '2001:db8::1',
    }, '127.0.0.1');
    expect(sim.device).toEqual({ isMobile: true, resolutionWidth: 1080, brandName: 'Firefox' });
    expect(sim.variables).toEqual({ PMUSER_A: 'header', PMUSER_B: 'config', PMUSER_PEM: 'a=b=c' });
    expect(sim.location).toEqual({ country: 'US' });
    expect(sim.bot).toEqual({ segment: 'strict', action: 'deny' });
    expect(sim.clientIp).toBe('2001:db8::1');
  });

  it('rejects a malformed header with an error naming the header and the rule', () => {
    const options = parseRuntimeOptions({});
    expect(() => simulate(options, { 'x-weft-device': 'resolutionWidth=wide' }, 'x')).toThrow(SimulationHeaderError);
    expect(() => simulate(options, { 'x-weft-device': 'resolutionWidth=wide' }, 'x')).toThrow('x-weft-device: resolutionWidth must be a number, got "wide"');
    expect(() => simulate(options, { 'x-weft-device': 'xhtmlSupportLevel=1.5' }, 'x')).toThrow('must be an integer');
    expect(() => simulate(options, { 'x-weft-location': 'country' }, 'x')).toThrow('x-weft-location: expected key=value pairs');
  });
});
