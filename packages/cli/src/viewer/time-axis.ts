/** The viewer's time axis: round millisecond ticks (steps of 1, 2 or 5 times a power of ten). */

/** Tick positions from 0 to `totalMs` inclusive, at most `maxIntervals` intervals apart. */
export function axisTicks(totalMs: number, maxIntervals = 5): number[] {
  if (!(totalMs > 0) || !Number.isFinite(totalMs)) return [0];
  const raw = totalMs / maxIntervals;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  // Rounded to the step's precision, so 0.1 + 0.2 reads as 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  for (let i = 0; i * step <= totalMs * (1 + 1e-9); i++) ticks.push(Number((i * step).toFixed(digits)));
  return ticks;
}

/** A tick's label: `0`, `0.5 ms`, `20 ms`, `1500 ms` (always milliseconds, as the rows' times are). */
export function tickLabel(ms: number): string {
  return ms === 0 ? '0' : `${ms} ms`;
}
