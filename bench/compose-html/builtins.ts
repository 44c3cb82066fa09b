/** Registers the built-in names hook; import compose code dynamically after calling this. */
import { register } from 'node:module';

export function registerBuiltins(): void {
  register(new URL('./builtins-hooks.mjs', import.meta.url));
}
