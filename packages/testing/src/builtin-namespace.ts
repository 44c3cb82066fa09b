/**
 * The namespace of a built-in module as the runtime's loader gives it to a worker (spec §1.2),
 * read from @weft/platform's registry: what the files of builtins/ export to a test's worker code.
 */
import { builtinModule, type BuiltinModuleName } from '@weft/platform';
import { TestingError } from './errors.ts';

export function builtinNamespace(name: BuiltinModuleName): Record<string, unknown> {
  const namespace = builtinModule(name);
  if (namespace === undefined) throw new TestingError(`the built-in module "${name}" is not registered in @weft/platform; update @weft/testing and @weft/platform together`);
  return namespace;
}
