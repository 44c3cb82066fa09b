/**
 * A worker with a deliberately hot TypeScript function, bundled as `weft build` would (main.js with
 * its source map inline), and the helpers the profile tests share.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { CpuProfile } from '../../src/profile/cpu-profile.ts';

export const MAIN = `import { createResponse } from 'create-response';
import { spin } from './hot.ts';

export function responseProvider(request: EW.ResponseProviderRequest) {
  const rounds = request.path === '/hot' ? 800_000 : 10;
  const seen = request.getHeader('x-weft-profile') ? 'flag seen' : 'no flag';
  const sum = spin(rounds);
  return Promise.resolve(createResponse(200, {}, \`\${seen}, \${request.path} spun \${Number.isFinite(sum)}\`));
}
`;

/** \`spin\` starts on line 3; its loop body, where the time goes, is line 6. */
export const HOT = `// The hot function: all the CPU of a /hot request.

export function spin(rounds: number): number {
  let sum = 0;
  for (let i = 0; i < rounds; i++) {
    sum += Math.sqrt(i) * Math.sin(i);
  }
  return sum;
}
`;
export const SPIN_LINE = 3;
export const LOOP_LINE = 6;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace EW {
    interface ResponseProviderRequest { path: string; getHeader(name: string): string[] | null | undefined }
  }
}

/** A bundle folder: main.js (source map inline, sources `src/main.ts` and `src/hot.ts`) and bundle.json. */
export async function hotBundle(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-profile-'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src/main.ts'), MAIN);
  writeFileSync(path.join(dir, 'src/hot.ts'), HOT);
  writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify({ 'edgeworker-version': '1.0.0' }));
  await build({
    entryPoints: [path.join(dir, 'src/main.ts')],
    outfile: path.join(dir, 'main.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    sourcemap: 'inline',
    external: ['create-response'],
    logLevel: 'silent',
  });
  return dir;
}

/** The function with the most self time in a `.cpuprofile`, by its samples. */
export function hottest(profile: CpuProfile): CpuProfile['nodes'][number]['callFrame'] | undefined {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, { frame: CpuProfile['nodes'][number]['callFrame']; samples: number }>();
  for (const id of profile.samples ?? []) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined || frame.functionName.startsWith('(')) continue;
    const key = `${frame.url}:${frame.lineNumber}:${frame.columnNumber}:${frame.functionName}`;
    const entry = self.get(key) ?? { frame, samples: 0 };
    entry.samples++;
    self.set(key, entry);
  }
  return [...self.values()].sort((a, b) => b.samples - a.samples)[0]?.frame;
}
