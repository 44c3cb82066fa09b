import { describe, expect, it } from 'vitest';
import { VariableBudgetError } from '../../src/index.ts';
import { harness } from './helpers.ts';

describe('getVariable (spec §3.3)', () => {
  it('reads PMUSER_ variables and returns undefined for unknown ones', () => {
    const { request } = harness('responseProvider', { variables: new Map([['PMUSER_TIER', 'gold']]) });
    expect(request.getVariable('PMUSER_TIER')).toBe('gold');
    expect(request.getVariable('PMUSER_NOPE')).toBeUndefined();
  });

  // spec §3.3: only PMUSER_-prefixed UPPERCASE names are accessible.
  it('does not expose names outside the PMUSER_ upper-case space', () => {
    const { request } = harness('onClientResponse', { variables: new Map([['PMUSER_TIER', 'gold'], ['AK_HOST', 'x']]) });
    expect(request.getVariable('pmuser_tier')).toBeUndefined();
    expect(request.getVariable('AK_HOST')).toBeUndefined();
  });

  // spec §3.3: reads are not limited, even past the write budget.
  it('reads long values set by metadata', () => {
    const long = 'v'.repeat(5000);
    const { request } = harness('onClientRequest', { variables: new Map([['PMUSER_LONG', long]]) });
    expect(request.getVariable('PMUSER_LONG')).toBe(long);
  });
});

describe('sensitive variables (spec §3.3)', () => {
  // spec §3.3: variables whose security setting is sensitive can be neither read nor set.
  it('hides them from getVariable and refuses setVariable', () => {
    const { request, state } = harness('onClientRequest', { variables: new Map([['PMUSER_SECRET', 's3cr3t']]), sensitiveVariables: new Set(['PMUSER_SECRET']) });
    expect(request.getVariable('PMUSER_SECRET')).toBeUndefined();
    expect(() => request.setVariable('PMUSER_SECRET', 'x')).toThrow(/setVariable: PMUSER_SECRET is a sensitive variable/);
    expect(state.variables.get('PMUSER_SECRET')).toBe('s3cr3t');
  });
});

describe('setVariable (spec §3.3)', () => {
  // spec §2.3.5: set in onClientRequest, visible to later handlers through the shared state.
  it('sets a variable that later handlers read', () => {
    const first = harness('onClientRequest');
    first.request.setVariable('PMUSER_SEEN', 'yes');
    expect(first.state.variables.get('PMUSER_SEEN')).toBe('yes');
    expect(first.request.getVariable('PMUSER_SEEN')).toBe('yes');
  });

  // [TYPES] §3.3: throws if the name does not start with PMUSER_; names are upper-case.
  it('throws a TypeError naming a bad name', () => {
    const { request } = harness('onOriginResponse');
    for (const name of ['TIER', 'pmuser_tier', 'PMUSER_lower', 'PMUSER_', 'PMUSER_A-B']) {
      expect(() => request.setVariable(name, 'x'), name).toThrow(TypeError);
    }
    expect(() => request.setVariable('pmuser_tier', 'x')).toThrow(/setVariable: name "pmuser_tier".*PMUSER_/);
  });

  // decisions 26: primitives are converted with String(); objects are refused.
  it('converts primitive values and refuses objects', () => {
    const { request } = harness('onClientRequest');
    Reflect.apply(request.setVariable, request, ['PMUSER_N', 5]);
    expect(request.getVariable('PMUSER_N')).toBe('5');
    expect(() => Reflect.apply(request.setVariable, request, ['PMUSER_O', { a: 1 }])).toThrow(/value of PMUSER_O is an object/);
  });

  // spec §3.3, §25.25: the cumulative name+value length per handler execution is limited; exceeding throws.
  it('throws once the cumulative name+value budget would be exceeded', () => {
    const { request, run } = harness('onClientRequest', {}, { variableBudget: 40 });
    request.setVariable('PMUSER_A', 'x'.repeat(12)); // 8 + 12 = 20
    request.setVariable('PMUSER_B', 'y'.repeat(12)); // 40: exactly the budget
    expect(run.variableCharsUsed).toBe(40);
    expect(() => request.setVariable('PMUSER_C', '')).toThrow(VariableBudgetError);
    expect(request.getVariable('PMUSER_C')).toBeUndefined();
    const error: unknown = (() => {
      try {
        request.setVariable('PMUSER_C', 'z');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(VariableBudgetError);
    expect((error as VariableBudgetError).code).toBe('WEFT_VARIABLE_BUDGET');
    expect((error as Error).message).toMatch(/PMUSER_C.*9 characters.*0 of the 40-character budget/);
  });

  // spec §3.3: re-setting the same variable still spends budget (the budget counts calls, not state).
  it('counts every call, including overwrites', () => {
    const { request } = harness('onClientRequest', {}, { variableBudget: 30 });
    request.setVariable('PMUSER_A', '1234567'); // 15
    request.setVariable('PMUSER_A', '1234567'); // 30
    expect(() => request.setVariable('PMUSER_A', '1')).toThrow(VariableBudgetError);
  });

  // spec §3.3: the budget is per handler execution: a new invocation starts from zero.
  it('starts every invocation with a fresh budget', () => {
    const first = harness('onClientRequest', {}, { variableBudget: 20 });
    first.request.setVariable('PMUSER_A', 'x'.repeat(12));
    const second = harness('onClientResponse', { variables: first.state.variables }, { variableBudget: 20 });
    expect(() => second.request.setVariable('PMUSER_B', 'y'.repeat(12))).not.toThrow();
    expect(second.request.getVariable('PMUSER_A')).toBe('x'.repeat(12));
  });

  // spec §21.1: the raisable 4000-character budget is a setting of the invocation.
  it('honours a raised budget', () => {
    const { request } = harness('onClientRequest', {}, { variableBudget: 4000 });
    expect(() => request.setVariable('PMUSER_BIG', 'v'.repeat(3000))).not.toThrow();
  });
});
