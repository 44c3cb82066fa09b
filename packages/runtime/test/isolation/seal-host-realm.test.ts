import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { sealHostRealm } from '../../src/isolation/seal-host-realm.ts';

// A realm that allows code generation stands in for the host realm of an edge thread.
function hostLikeRealm(): vm.Context {
  const context = vm.createContext({});
  sealHostRealm(vm.runInContext('({ Function, EvalError })', context) as Parameters<typeof sealHostRealm>[0]);
  return context;
}

describe('sealHostRealm (decision 18, spec §1.3)', () => {
  it('makes every function kind\'s constructor throw EvalError, keeping its name', () => {
    const context = hostLikeRealm();
    const result = vm.runInContext(`
      const hostFunctions = [function () {}, async function () {}, function* () {}, async function* () {}];
      hostFunctions.map((fn) => {
        let outcome;
        try { fn.constructor('return 1'); outcome = 'compiled'; } catch (error) { outcome = error.name; }
        return [fn.constructor.name, outcome];
      });
    `, context) as Array<[string, string]>;
    expect(result).toEqual([
      ['Function', 'EvalError'],
      ['AsyncFunction', 'EvalError'],
      ['GeneratorFunction', 'EvalError'],
      ['AsyncGeneratorFunction', 'EvalError'],
    ]);
  });

  it('leaves the global Function and ordinary functions working', () => {
    const context = hostLikeRealm();
    expect(vm.runInContext('[new Function("return 2")(), ((a) => a + 1)(1), typeof Function.prototype.call]', context)).toEqual([2, 2, 'function']);
  });
});
