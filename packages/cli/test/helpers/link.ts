import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * Makes a dependency of @weft/cli (hono, say) resolvable from a temp folder, as installing the
 * folder's declared dependencies would: node_modules/<name> links to the CLI's own copy.
 */
export function linkDependency(dir: string, name: string): void {
  const target = realpathSync(path.resolve(import.meta.dirname, '../../node_modules', name));
  const link = path.join(dir, 'node_modules', name);
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(target, link, 'dir');
}
