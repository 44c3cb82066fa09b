/**
 * Property tests for the simulation header parsers (issue 12, group 6): whatever a client sends in
 * an `x-weft-*` header, the parser either returns values typed as the platform types them (spec §6,
 * §7, docs/decisions.md) or throws SimulationHeaderError naming the header; never anything else.
 */
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOT_SEGMENTS } from '../../src/config/schema.ts';
import { parseRuntimeOptions, simulate, SimulationHeaderError, SIMULATION_HEADERS, takeSimulationHeaders } from '../../src/index.ts';
import { DEVICE_FIELDS, LOCATION_FIELDS, type FieldType } from '../../src/simulation/fields.ts';

const options = parseRuntimeOptions({ variables: { PMUSER_CONFIG: 'kept' } });

// Keys and values near the parsers' edges, mixed with arbitrary text.
const key = fc.oneof(
  fc.constantFrom(...Object.keys(LOCATION_FIELDS), ...Object.keys(DEVICE_FIELDS), 'segment', 'action', 'ip', 'PMUSER_A', 'PMUSER_', 'pmuser_a', '__proto__', 'constructor', 'toString', ''),
  fc.string({ maxLength: 8 }),
);
const value = fc.oneof(
  fc.constantFrom('true', 'false', '1080', '1.5', '-0', '1e400', 'NaN', 'Infinity', '0x10', ' ', '617,857', ',', 'human', 'deny', '2026-01-31T12:00:00Z', '2026-02-30T25:00:00Z', '::1', '10.0.0.1', '1.2.3', '='),
  fc.string({ maxLength: 16 }),
  fc.string({ unit: 'binary', maxLength: 16 }),
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.array(fc.tuple(key, value, fc.constantFrom(';', '; ', ' ;', ';;')), { maxLength: 5 }).map((pairs) => pairs.map(([k, v, sep]) => `${k}=${v}${sep}`).join('')),
);

function typedAs(type: FieldType, field: unknown): boolean {
  switch (type) {
    case 'string': return typeof field === 'string';
    case 'list': return Array.isArray(field) && field.every((item) => typeof item === 'string' && item !== '');
    case 'boolean': return typeof field === 'boolean';
    case 'number': return typeof field === 'number' && Number.isFinite(field);
    case 'integer': return Number.isInteger(field);
  }
}

describe('simulation header parsers (property)', () => {
  it.each(SIMULATION_HEADERS)('%s: parses to typed values or throws SimulationHeaderError naming the header', (header) => {
    fc.assert(
      fc.property(headerValue, (text) => {
        let sim;
        try {
          sim = simulate(options, { [header]: text }, '127.0.0.1');
        } catch (error) {
          expect(error).toBeInstanceOf(SimulationHeaderError);
          expect((error as SimulationHeaderError).message.startsWith(`${header}: `)).toBe(true);
          expect((error as SimulationHeaderError).header).toBe(header);
          return;
        }
        for (const [name, field] of Object.entries(sim.location ?? {})) expect(typedAs(LOCATION_FIELDS[name] ?? 'string', field), name).toBe(true);
        for (const [name, field] of Object.entries(sim.device ?? {})) expect(typedAs(DEVICE_FIELDS[name] ?? 'string', field), name).toBe(true);
        expect(Object.getPrototypeOf(sim.location ?? {})).toBe(Object.prototype);
        if (sim.bot !== undefined) expect(BOT_SEGMENTS).toContain(sim.bot.segment);
        expect(isIP(sim.clientIp)).not.toBe(0);
        for (const name of Object.keys(sim.variables)) expect(name).toMatch(/^PMUSER_[A-Z0-9_]+$/);
        expect(sim.variables.PMUSER_CONFIG).toBeDefined();
        if (sim.now !== undefined) expect(Number.isFinite(sim.now)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('takeSimulationHeaders removes exactly the simulation headers, whatever the others are', () => {
    const name = fc.oneof(fc.constantFrom(...SIMULATION_HEADERS, 'X-Weft-Location', 'x-weft-other', 'host'), fc.string({ minLength: 1, maxLength: 10 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.string({ maxLength: 10 })), { maxLength: 10 }), (pairs) => {
        const headers = pairs.map(([n, v]): [string, string] => [n, v]);
        const found = takeSimulationHeaders(headers);
        const isSimulation = (n: string): boolean => (SIMULATION_HEADERS as readonly string[]).includes(n.toLowerCase());
        expect(headers).toEqual(pairs.filter(([n]) => !isSimulation(n)));
        expect(Object.keys(found).sort()).toEqual([...new Set(pairs.filter(([n]) => isSimulation(n)).map(([n]) => n.toLowerCase()))].sort());
      }),
    );
  });
});
