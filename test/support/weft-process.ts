/** The `weft` CLI as a child process, as a newcomer runs it: for the suites that test it that way. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEFT = path.join(ROOT, 'packages/cli/bin/weft.js');

export interface WeftProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  exited: Promise<number | null>;
}

export function weft(args: string[]): WeftProcess {
  const child = spawn(process.execPath, [WEFT, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** The URL `weft serve` prints once it listens (and, when given, once its output also shows `ready`). */
export async function listening(run: WeftProcess, options: { ready?: string; attempts?: number } = {}): Promise<string> {
  for (let i = 0; i < (options.attempts ?? 400); i++) {
    const match = /Listening on (http:\/\/\S+)/.exec(run.output());
    if (match?.[1] !== undefined && (options.ready === undefined || run.output().includes(options.ready))) return match[1];
    if (run.child.exitCode !== null) throw new Error(`weft serve exited: ${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`weft serve did not start: ${run.output()}`);
}
