/**
 * One request's window of a profile that several requests shared (thread-profile.ts): the samples
 * taken between its start and its end, with the profile's own µs clock, which is the monotonic
 * clock `process.hrtime` reads. The call tree stays whole (nodes without samples in the window
 * show no time); per-line counts, which V8 keeps for the whole run, are dropped.
 */
import type { CpuProfile } from './cpu-profile.ts';

/** Now, in the µs of V8's profile timestamps. */
export function profileClockUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export function profileWindow(profile: CpuProfile, fromUs: number, toUs: number): CpuProfile {
  const samples: number[] = [];
  const stamps: number[] = [];
  let at = profile.startTime;
  (profile.samples ?? []).forEach((id, i) => {
    at += profile.timeDeltas?.[i] ?? 0;
    if (at >= fromUs && at <= toUs) {
      samples.push(id);
      stamps.push(at);
    }
  });
  const startTime = Math.max(profile.startTime, fromUs);
  const endTime = Math.max(startTime, Math.min(profile.endTime, toUs));
  const hits = new Map<number, number>();
  for (const id of samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const nodes = profile.nodes.map(({ positionTicks: _ticks, ...node }) => ({ ...node, hitCount: hits.get(node.id) ?? 0 }));
  const timeDeltas = stamps.map((stamp, i) => stamp - (i === 0 ? startTime : (stamps[i - 1] ?? startTime)));
  return { nodes, startTime, endTime, samples, timeDeltas };
}
