/**
 * A module the platform has not registered yet still loads, so one missing built-in does not break
 * every test file that imports the toolkit; using any of its exports throws an error naming it.
 */
export function unregistered(module: string): Record<string, unknown> {
  const fail = (member: string): never => {
    throw new Error(`built-in module '${module}' (${member}) is not registered in @weft/platform yet (packages/platform/src/modules/index.ts)`);
  };
  const member = (name: string): unknown =>
    new Proxy(function unavailable() {}, {
      apply: () => fail(name),
      construct: () => fail(name),
      get: (_target, key) => (key === 'prototype' ? {} : fail(`${name}.${String(key)}`)),
    });
  return new Proxy({}, { get: (_target, key) => member(String(key)) });
}
