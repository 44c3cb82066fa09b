/**
 * Each benchmark's headline rows, kept for `pnpm bench --report`: a bench calls recordRows() once
 * at its end, which writes bench/results/<bench>.json with the rows and the state of the machine
 * they were measured on; the report turns every results file into the table in bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export interface BenchRow {
  /** What is measured, with the peer it is compared with. */
  row: string;
  /** The target, as the issue states it (`>= 0.8x the bare proxy`), or '-' for a row shown for context. */
  target: string;
  /** The figure measured in this run, with its unit or ratio. */
  figure: string;
  /** Whether the target is met; undefined for a row without one. */
  met: boolean | undefined;
}

export interface BenchResults {
  bench: string;
  measuredAt: string;
  machine: { cores: number; node: string; load: [number, number, number] };
  rows: BenchRow[];
}

/** Writes the bench's rows with the time and the machine state (load average at the end of the run). */
export function recordRows(bench: string, rows: BenchRow[]): void {
  const [one, five, fifteen] = loadavg();
  const results: BenchResults = {
    bench,
    measuredAt: new Date().toISOString(),
    machine: { cores: availableParallelism(), node: process.version, load: [round(one), round(five), round(fifteen)] },
    rows,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, `${bench}.json`), `${JSON.stringify(results, null, 2)}\n`);
}

const round = (value: number | undefined): number => Math.round((value ?? 0) * 100) / 100;

/** `1.23x`, for ratio figures. */
export const times = (value: number): string => `${value.toFixed(2)}x`;
