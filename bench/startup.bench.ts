/**
 * Start-up (issue 13): from launch to the first answered request, for Weft as a team installs it
 * (the packed packages installed with npm into a project outside the repository, running their
 * built JavaScript) and for Miniflare in the same run. `weft serve` of one worker and `weft dev`
 * of the repository's four apps (copied into the project) are each timed to their first answer
 * (every app answered, for weft dev); Miniflare to the first answer of a one-line worker.
 * Targets: weft serve <= 1.0 s, weft dev (four apps) <= 2.0 s, Weft <= 0.5x Miniflare's time.
 */
import { spawn } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installWeft } from '../test/support/installed-weft.ts';
import { recordRows, times } from './support/results.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = path.resolve(HERE, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '5');

interface Launch { command: string[]; cwd: string; ready: RegExp; paths: (out: string) => string[] }

/** Milliseconds from spawn to the moment every URL it serves has answered 200 once. */
async function timeToFirstAnswer(launch: Launch): Promise<number> {
  const started = performance.now();
  const [command, ...args] = launch.command;
  const child = spawn(command as string, args, { cwd: launch.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      const check = (): void => (launch.ready.test(out) ? resolve() : undefined);
      child.stdout.on('data', check);
      child.on('exit', (code) => reject(new Error(`${launch.command.join(' ')} exited ${code} before it was ready:\n${out}`)));
    });
    await Promise.all(launch.paths(out).map(async (url) => {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    }));
    return performance.now() - started;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

console.log('installing the packed packages into a project outside the repository...');
const { project, bin } = installWeft();
// Issue 13's target is for the four apps the repository had then; the compose tour apps came later.
const FOUR_APPS = ['api-orchestration', 'hello-world', 'personalized-page', 'response-manipulation'];
// personalized-page runs apps/recommendations as a subWorker (issue 17): weft dev serves it too.
const SUBWORKERS = ['recommendations'];
for (const app of readdirSync(path.join(ROOT, 'apps')).filter((name) => FOUR_APPS.includes(name) || SUBWORKERS.includes(name))) {
  cpSync(path.join(ROOT, 'apps', app), path.join(project, 'apps', app), { recursive: true, filter: (source) => !source.includes('node_modules') });
}
const origin = spawn(process.execPath, [path.join(HERE, 'proxy/origin.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
const originPort = await new Promise<number>((resolve) => origin.stdout.on('data', (chunk: Buffer) => resolve(Number(/listening (\d+)/.exec(chunk.toString())?.[1]))));

const candidates: Array<{ name: string; launch: Launch; target?: number }> = [
  {
    name: 'weft serve (one worker)', target: 1000,
    launch: { command: [process.execPath, bin, 'serve', path.join(HERE, 'proxy/worker'), '--origin', `http://127.0.0.1:${originPort}`, '--port', '0'], cwd: project, ready: /Listening on http/, paths: (out) => [`${/Listening on (http:\/\/\S+)/.exec(out)?.[1]}/`] },
  },
  {
    name: 'weft dev (four apps + 1 subWorker app)', target: 2000,
    launch: { command: [process.execPath, bin, 'dev'], cwd: project, ready: /Ctrl\+C to stop/, paths: (out) => [...out.matchAll(/➜ \S+\s+(http:\/\/127\.0\.0\.1:\d+)\//g)].map((m) => `${m[1]}/__weft/build`) },
  },
  {
    name: 'miniflare (one-line worker)',
    launch: { command: [process.execPath, path.join(HERE, 'startup/miniflare-first.mjs')], cwd: ROOT, ready: /listening http/, paths: (out) => [/listening (http:\/\/\S+)/.exec(out)?.[1] ?? ''] },
  },
];

const rounds = candidates.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, candidate] of candidates.entries()) rounds[i]?.push(await timeToFirstAnswer(candidate.launch));
}
origin.kill();
const miniflare = median(rounds[2] ?? []);
console.table(candidates.map((c, i) => {
  const ms = median(rounds[i] ?? []);
  return { '': c.name, 'median ms': ms.toFixed(0), 'rounds ms': (rounds[i] ?? []).map((t) => t.toFixed(0)).join(' '), target: c.target === undefined ? '-' : `<= ${c.target} ms: ${ms <= c.target ? 'met' : 'NOT met'}`, 'vs miniflare': (ms / miniflare).toFixed(2) + 'x' };
}));
const weft = median(rounds[0] ?? []);
const dev = median(rounds[1] ?? []);
console.log(`weft serve reaches its first answer in ${(weft / miniflare).toFixed(2)}x Miniflare's time (target <= 0.5x): ${weft / miniflare <= 0.5 ? 'met' : 'NOT met'}`);
console.log(`${ROUNDS} rounds, interleaved; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores)`);
recordRows('startup', [
  { row: 'weft serve (one worker): launch to first answer', target: '<= 1000 ms (issue 13)', figure: `${weft.toFixed(0)} ms`, met: weft <= 1000 },
  { row: 'weft dev (four apps and the subWorker app personalized-page calls): launch to every app answering', target: '<= 2000 ms (issue 13)', figure: `${dev.toFixed(0)} ms`, met: dev <= 2000 },
  { row: 'weft serve against Miniflare’s launch to first answer', target: '<= 0.5x (issue 13)', figure: times(weft / miniflare), met: weft / miniflare <= 0.5 },
]);

