/**
 * `@weft/testing/vitest`: what a project's `vitest.config.ts` needs so that worker code imported
 * straight into a test (`import * as worker from '../src/main.ts'`) finds the built-in modules it
 * imports by bare name (`import { httpRequest } from 'http-request'`, spec §1.2). Each name resolves
 * to a file of this package that hands out @weft/platform's implementation, the one the runtime
 * gives a worker. Kept apart from the main entry so a config loads nothing else.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * import { defineConfig } from 'vitest/config';
 * import { builtinAliases } from '@weft/testing/vitest';
 * export default defineConfig({ resolve: { alias: builtinAliases() } });
 * ```
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One entry of Vite's `resolve.alias` array. */
export interface BuiltinAlias {
  find: RegExp;
  replacement: string;
}

const BUILTINS_DIR = new URL('./builtins/', import.meta.url);
const SOURCE = /^([a-z-]+)\.[jt]s$/;

/** The built-in module files of this package (its sources in a checkout, the built files once installed). */
function builtinFiles(): Array<{ name: string; file: string }> {
  return readdirSync(BUILTINS_DIR)
    .map((file) => ({ match: SOURCE.exec(file), file }))
    .flatMap(({ match, file }) => (match?.[1] === undefined ? [] : [{ name: match[1], file: fileURLToPath(new URL(file, BUILTINS_DIR)) }]))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The built-in module names a test's worker code can import. */
export function builtinModuleNames(): string[] {
  return builtinFiles().map((entry) => entry.name);
}

/** `resolve.alias` entries mapping each bare built-in name (the whole specifier, not a prefix) to its file. */
export function builtinAliases(): BuiltinAlias[] {
  return builtinFiles().map(({ name, file }) => ({ find: new RegExp(`^${name}$`), replacement: file }));
}
