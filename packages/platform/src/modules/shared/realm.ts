/**
 * Worker code runs in its own realm (a vm context), so a host TypeError fails `e instanceof
 * TypeError` there. When the runtime names the worker's realm, module functions re-home the errors
 * they throw or reject with into that realm: the same object (message, stack, code kept), with the
 * realm's prototype. DOMException stays as it is: its name lives on its prototype, and the worker
 * realm has no DOMException to re-home it to.
 */
export interface ModuleRealm {
  Error: new (message?: string) => Error;
  TypeError: new (message?: string) => TypeError;
  RangeError: new (message?: string) => RangeError;
  SyntaxError?: new (message?: string) => SyntaxError;
}

function realmPrototype(error: Error, realm: ModuleRealm): object | undefined {
  if (error instanceof DOMException) return undefined;
  if (error instanceof TypeError) return realm.TypeError.prototype;
  if (error instanceof RangeError) return realm.RangeError.prototype;
  if (error instanceof SyntaxError) return realm.SyntaxError?.prototype;
  // Subclasses (WeftError and its kin) keep their own `name` and `code` properties.
  return realm.Error.prototype;
}

export function adoptError(error: unknown, realm: ModuleRealm): unknown {
  if (!(error instanceof Error)) return error;
  const prototype = realmPrototype(error, realm);
  if (prototype !== undefined) {
    if (!Object.hasOwn(error, 'name')) Object.defineProperty(error, 'name', { value: error.name, writable: true, configurable: true });
    Object.setPrototypeOf(error, prototype);
  }
  return error;
}

function isThenable(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Wraps module functions for one realm; the host adapter (no realm) returns them unchanged. */
export interface Adapter {
  /** `after` sees the (awaited) result, only when adapting to a realm. */
  fn<F extends (...args: never[]) => unknown>(fn: F, after?: (result: unknown) => unknown): F;
  /** A frozen copy of `object` whose function members are adapted. */
  methods<T extends object>(object: T): T;
  /** Gives `instance` own adapted copies of the named prototype methods. */
  instance<T extends object>(instance: T, keys: ReadonlyArray<keyof T & string>): T;
  /** A subclass whose constructor and prototype methods are adapted (same name, `instanceof` the base). */
  cls<C extends abstract new (...args: never[]) => object>(base: C): C;
}

export const HOST_ADAPTER: Adapter = {
  fn: (fn) => fn,
  methods: (object) => object,
  instance: (instance) => instance,
  cls: (base) => base,
};

export function realmAdapter(realm: ModuleRealm): Adapter {
  const adapter: Adapter = {
    fn(fn, after) {
      const adapted = function (this: unknown, ...args: never[]): unknown {
        let result: unknown;
        try {
          result = Reflect.apply(fn, this, args);
        } catch (error) {
          throw adoptError(error, realm);
        }
        if (isThenable(result)) {
          return result.then(after, (error: unknown) => {
            throw adoptError(error, realm);
          });
        }
        return after === undefined ? result : after(result);
      };
      Object.defineProperty(adapted, 'name', { value: fn.name.replace(/^bound /, '') });
      Object.defineProperty(adapted, 'length', { value: fn.length });
      return adapted as unknown as typeof fn;
    },
    methods(object) {
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(object)) {
        const value: unknown = (object as Record<string, unknown>)[key];
        copy[key] = typeof value === 'function' ? adapter.fn((value as (...args: never[]) => unknown).bind(object)) : value;
      }
      return Object.freeze(copy) as typeof object;
    },
    instance(instance, keys) {
      for (const key of keys) {
        const method: unknown = instance[key];
        if (typeof method === 'function') {
          Object.defineProperty(instance, key, { value: adapter.fn((method as (...args: never[]) => unknown).bind(instance)), configurable: true, writable: true });
        }
      }
      return instance;
    },
    cls(base) {
      const Base = base as unknown as new (...args: unknown[]) => object;
      const Adapted = class extends Base {
        constructor(...args: unknown[]) {
          try {
            super(...args);
          } catch (error) {
            throw adoptError(error, realm);
          }
        }
      };
      for (const key of Object.getOwnPropertyNames(Base.prototype)) {
        const descriptor = Object.getOwnPropertyDescriptor(Base.prototype, key);
        if (key === 'constructor' || descriptor === undefined || typeof descriptor.value !== 'function') continue;
        Object.defineProperty(Adapted.prototype, key, { ...descriptor, value: adapter.fn(descriptor.value as (...args: never[]) => unknown) });
      }
      Object.defineProperty(Adapted, 'name', { value: Base.name });
      return Adapted as unknown as typeof base;
    },
  };
  return adapter;
}
