/**
 * The real `weft` binary (bin/weft.js) as a child process, from a folder of the test's choosing:
 * what a user types, with stdout, stderr and the exit status kept apart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const WEFT_BIN = path.resolve(import.meta.dirname, '../../bin/weft.js');

export interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `weft ...args` to its end. */
export function weftRun(args: readonly string[], cwd: string = process.cwd()): Promise<Finished> {
  const running = weftStart(args, cwd);
  return running.exited.then((status) => ({ status, stdout: running.stdout(), stderr: running.stderr() }));
}

export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** stdout and stderr as they came. */
  output(): string;
  exited: Promise<number | null>;
  /** Sends SIGINT (Ctrl+C) and waits for the exit status. */
  stop(): Promise<number | null>;
}

/** Starts `weft ...args` (a server command) and returns at once. */
export function weftStart(args: readonly string[], cwd: string = process.cwd()): Running {
  const child = spawn(process.execPath, [WEFT_BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let both = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    both += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    both += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    output: () => both,
    exited,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** Waits until the process has printed something matching `pattern` (usable in hooks, unlike expect.poll). */
export async function printed(running: Running, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (pattern.test(running.output())) return running.output();
    if (running.child.exitCode !== null) throw new Error(`weft exited (${running.child.exitCode}) before printing ${pattern}:\n${running.output()}`);
  }
  throw new Error(`weft did not print ${pattern} within ${timeoutMs} ms:\n${running.output()}`);
}
