/**
 * A bench worker served by `weft serve` in its own process, as a user runs it (bundled as
 * `weft build` would, one edge thread with the CPU watchdog by default): the whole runtime, apart
 * from the benchmark's origins and clients.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILTINS = ['http-request', 'create-response', 'streams', 'text-encode-transform', 'html-rewriter', 'cookies', 'url-search-params', 'log', 'encoding', 'crypto'];

export interface Served {
  url: string;
  close(): void;
}

export async function weftServe(entry: string, args: readonly string[]): Promise<Served> {
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-bench-serve-'));
  const main = path.join(dir, 'main.js');
  await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'neutral', target: 'es2022', mainFields: ['module', 'main'], conditions: ['module', 'weft-source'], external: BUILTINS, outfile: main, logLevel: 'silent' });
  const child = spawn(process.execPath, [path.join(ROOT, 'packages/cli/bin/weft.js'), 'serve', main, '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (match !== null) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`weft serve ${entry} exited with ${code}: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, close: () => void child.kill('SIGTERM') };
}
