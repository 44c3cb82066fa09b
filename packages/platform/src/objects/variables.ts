/**
 * PM user variables (spec §3.3): only PMUSER_ upper-case names exist for a worker; setVariable
 * spends a cumulative name+value budget per handler execution and throws once it would overflow.
 */
import { describeValue } from '../errors.ts';
import { toRealm, VariableBudgetError } from './errors.ts';
import { method, type RequestInternals } from './internals.ts';

const NAME = /^PMUSER_[A-Z0-9_]+$/;

export function isVariableName(name: unknown): name is string {
  return typeof name === 'string' && NAME.test(name);
}

function getVariable(i: RequestInternals, name: unknown): string | undefined {
  // spec §3.3: names outside the PMUSER_ upper-case space, and sensitive variables, are not accessible.
  if (!isVariableName(name) || i.state.sensitiveVariables?.has(name) === true) return undefined;
  return i.state.variables.get(name);
}

function setVariable(i: RequestInternals, name: unknown, value: unknown): void {
  if (!isVariableName(name)) {
    throw new i.realm.TypeError(`setVariable: name ${describeValue(name)} is not a PM user variable; names must start with PMUSER_ and use only upper-case letters, digits and _ (spec §3.3)`);
  }
  if (i.state.sensitiveVariables?.has(name) === true) {
    throw new i.realm.TypeError(`setVariable: ${name} is a sensitive variable; EdgeWorkers can neither read nor set sensitive variables (spec §3.3)`);
  }
  if (typeof value === 'symbol' || typeof value === 'function' || (typeof value === 'object' && value !== null)) {
    throw new i.realm.TypeError(`setVariable: value of ${name} is ${describeValue(value)}; pass a string`);
  }
  // decisions 26: primitives are converted as V8 host bindings convert them.
  const text = String(value);
  const cost = name.length + text.length;
  const budget = i.invocation.variableBudget;
  if (i.run.variableCharsUsed + cost > budget) {
    throw toRealm(
      new VariableBudgetError(
        `setVariable(${name}): this call needs ${cost} characters (name + value) but only ${budget - i.run.variableCharsUsed} of the ${budget}-character budget for variables set in one handler execution remain (spec §3.3)`,
      ),
      i.realm,
    );
  }
  i.run.variableCharsUsed += cost;
  i.state.variables.set(name, text);
}

export const variableReaders: PropertyDescriptorMap = {
  getVariable: method('getVariable', (i, name) => getVariable(i, name)),
};

export const variableWriters: PropertyDescriptorMap = {
  setVariable: method('setVariable', (i, name, value) => setVariable(i, name, value)),
};
