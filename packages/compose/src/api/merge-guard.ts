/**
 * The merge function reads sources by name. TypeScript rejects an unknown name at compile time;
 * for code that escapes the types (plain JavaScript, casts) this guard turns the silent
 * `undefined` into an error that lists the declared sources.
 */
import { ComposeError } from '../core/errors.ts';

export class UnknownSourceError extends ComposeError {
  constructor(name: string, declared: readonly string[]) {
    super('WEFT_COMPOSE_UNKNOWN_SOURCE', `merge read source "${name}", which is not declared (declared: ${declared.join(', ')})`);
  }
}

// Names the runtime itself probes on any object (await, JSON, inspection) are not source reads.
const PROBED = new Set(['then', 'toJSON', 'constructor', 'valueOf', 'toString', 'inspect', 'nodeType', 'asymmetricMatch', '$$typeof']);

export function guardSources<T extends object>(data: T, declared: readonly string[]): T {
  return new Proxy(data, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !PROBED.has(key) && !Object.hasOwn(target, key) && !declared.includes(key)) {
        throw new UnknownSourceError(key, declared);
      }
      return Reflect.get(target, key, receiver);
    },
  });
}
