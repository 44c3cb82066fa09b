/**
 * The trace viewer page: one self-contained HTML document (CSS and JS inlined, no CDN) assembled
 * once from the files beside this module.
 */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function viewerHtml(): string {
  if (cached !== undefined) return cached;
  const read = (name: string): string => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
  // A function replacer, so `$` sequences in the inlined code are not treated as patterns.
  cached = read('viewer.html')
    .replace('/*STYLE*/', () => read('viewer.css'))
    .replace('/*SCRIPT*/', () => read('viewer.js').replaceAll('</script', '<\\/script'));
  return cached;
}
