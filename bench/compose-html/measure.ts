/** Client-side measurements: time to first body byte and to the end, and bytes, over loopback HTTP. */
import { execFile } from 'node:child_process';
import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

export interface Timing {
  status: number;
  ttfbMs: number;
  totalMs: number;
  bytes: number;
}

export function fetchTimed(url: string, headers: Record<string, string> = {}): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let ttfb = -1;
    let bytes = 0;
    const req = request(url, { agent, headers }, (res) => {
      res.on('data', (chunk: Buffer) => {
        if (ttfb < 0) ttfb = performance.now() - t0;
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ttfbMs: ttfb < 0 ? performance.now() - t0 : ttfb, totalMs: performance.now() - t0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Runs the client in its own process (see client.mjs); alternates the variants each round. */
export function measureInClient(urls: Record<string, string>, rounds: number, warmup = 3): Promise<Record<string, Timing[]>> {
  const client = new URL('./client.mjs', import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [client, JSON.stringify({ urls, rounds, warmup })], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error !== null) reject(error);
      else resolve(JSON.parse(stdout) as Record<string, Timing[]>);
    });
  });
}
