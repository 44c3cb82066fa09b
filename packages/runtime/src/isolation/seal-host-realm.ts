/**
 * Decision 18 / spec §1.3: worker code cannot generate code from strings. The sandbox context
 * refuses `eval` and `new Function`, but the built-in modules and request objects are functions of
 * the HOST realm, and `request.getHeader.constructor` is the host's `Function`, which would compile
 * `'return process'` happily. An edge thread exists only to run the worker, so it seals its own
 * realm: the `constructor` of every function prototype becomes a function that throws EvalError,
 * with the same name so `fn.constructor.name` checks keep working. The global `Function` itself
 * stays usable by host code (zod's eval probe catches the EvalError it would get anyway).
 */
type FunctionPrototype = object;

interface RealmIntrinsics {
  Function: FunctionConstructor;
  EvalError: EvalErrorConstructor;
}

function prototypesOf(realm: RealmIntrinsics): Array<[FunctionPrototype, string]> {
  // Async, generator and async generator functions have their own hidden constructors; reach
  // their prototypes through instances compiled in that realm (no string compilation needed).
  const probe = realm.Function.prototype.constructor as FunctionConstructor;
  const make = (source: string): FunctionPrototype => Object.getPrototypeOf(probe(`return ${source}`)()) as FunctionPrototype;
  return [
    [realm.Function.prototype, 'Function'],
    [make('async function () {}'), 'AsyncFunction'],
    [make('function* () {}'), 'GeneratorFunction'],
    [make('async function* () {}'), 'AsyncGeneratorFunction'],
  ];
}

export function sealHostRealm(realm: RealmIntrinsics = globalThis): void {
  for (const [prototype, name] of prototypesOf(realm)) {
    const refuse = {
      [name](): never {
        throw new realm.EvalError(`Code generation from strings is disallowed in EdgeWorkers (spec §1.3): ${name} constructors cannot be reached from worker code.`);
      },
    }[name];
    Object.defineProperty(prototype, 'constructor', { value: refuse, writable: true, configurable: true, enumerable: false });
  }
}
