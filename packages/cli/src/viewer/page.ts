/**
 * The trace viewer page: one self-contained HTML document (CSS and JS inlined, no CDN). Its script
 * is bundled once, on first use, from viewer.js and the modules it imports (the HAR, curl, label
 * and axis code is TypeScript that the tests import too); esbuild reads the .ts sources in the
 * repository and the .js that the build emitted beside them in an installed package.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadEsbuild } from '@weft/runtime';

let cached: Promise<string> | undefined;

const here = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url));
const read = (name: string): Promise<string> => readFile(here(name), 'utf8');

async function version(): Promise<string> {
  const manifest = JSON.parse(await read('../../package.json')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

async function script(): Promise<string> {
  const result = await loadEsbuild().build({
    entryPoints: [here('viewer.js')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { __WEFT_VERSION__: JSON.stringify(await version()) },
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('weft: bundling the trace viewer produced no script');
  return output.text;
}

async function assemble(): Promise<string> {
  const [html, css, js] = await Promise.all([read('viewer.html'), read('viewer.css'), script()]);
  // A function replacer, so `$` sequences in the inlined code are not treated as patterns.
  return html.replace('/*STYLE*/', () => css).replace('/*SCRIPT*/', () => js.replaceAll('</script', '<\\/script'));
}

export function viewerHtml(): Promise<string> {
  cached ??= assemble().catch((error: unknown) => {
    // Not cached: the next request tries again (a file being saved, say).
    cached = undefined;
    throw error;
  });
  return cached;
}
