/**
 * Reads a CPU profile the way DevTools' bottom-up view does: each sample lasts until the next one
 * (the last until the profile's end), its time is the self time of the function on top and the
 * total time of every function on its stack (once per function, however deep the recursion).
 * Functions are the same function when their script and position are.
 */
import type { HotFunction } from '../trace/schema.ts';
import type { CallFrame, CpuProfile, ProfileNode } from './cpu-profile.ts';
import { placeFrame, sourceLine, type FramePlace } from './frame-place.ts';

export interface ProfileReading {
  samples: number;
  /** µs from the first sample to the profile's end. */
  sampledUs: number;
  /** µs the thread was idle. */
  idleUs: number;
  /** Hottest first, by self time. */
  hot: HotFunction[];
}

interface Tally {
  frame: CallFrame;
  place: FramePlace;
  selfUs: number;
  totalUs: number;
  /** Samples per line of the script, from the nodes' positionTicks. */
  lines: Map<number, number>;
}

const keyOf = (frame: CallFrame): string => `${frame.url}\u0000${frame.lineNumber}\u0000${frame.columnNumber}\u0000${frame.functionName}`;
const round = (us: number): number => Math.round(us / 10) / 100;

/** How long each sample lasted, µs. */
function sampleDurations(profile: CpuProfile): number[] {
  const deltas = profile.timeDeltas ?? [];
  const count = profile.samples?.length ?? 0;
  const stamps: number[] = [];
  let at = profile.startTime;
  for (let i = 0; i < count; i++) stamps.push((at += deltas[i] ?? 0));
  return stamps.map((stamp, i) => Math.max(0, (stamps[i + 1] ?? profile.endTime) - stamp));
}

export function readProfile(profile: CpuProfile, top = 20): ProfileReading {
  const nodes = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const tallies = new Map<string, Tally>();
  const tallyOf = (node: ProfileNode): Tally => {
    const key = keyOf(node.callFrame);
    let tally = tallies.get(key);
    if (tally === undefined) {
      tally = { frame: node.callFrame, place: placeFrame(node.callFrame), selfUs: 0, totalUs: 0, lines: new Map() };
      tallies.set(key, tally);
    }
    return tally;
  };
  // The distinct functions on the stack of each node, computed once per node.
  const stacks = new Map<number, Tally[]>();
  const stackOf = (id: number): Tally[] => {
    let stack = stacks.get(id);
    if (stack !== undefined) return stack;
    const node = nodes.get(id);
    const parent = parents.get(id);
    const above = parent === undefined ? [] : stackOf(parent);
    const own = node === undefined ? undefined : tallyOf(node);
    stack = own === undefined || above.includes(own) ? above : [...above, own];
    stacks.set(id, stack);
    return stack;
  };
  const durations = sampleDurations(profile);
  let idleUs = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const node = nodes.get(id);
    const us = durations[i] ?? 0;
    if (node === undefined) return;
    if (node.callFrame.functionName === '(idle)' && node.callFrame.url === '') {
      idleUs += us;
      return;
    }
    tallyOf(node).selfUs += us;
    for (const tally of stackOf(id)) tally.totalUs += us;
  });
  for (const node of profile.nodes) {
    const lines = tallyOf(node).lines;
    for (const tick of node.positionTicks ?? []) lines.set(tick.line, (lines.get(tick.line) ?? 0) + tick.ticks);
  }
  const hot = [...tallies.values()]
    .filter((tally) => tally.selfUs > 0 && tally.frame.functionName !== '(root)')
    .sort((a, b) => b.selfUs - a.selfUs)
    .slice(0, top)
    .map((tally) => describe(tally));
  const sampledUs = durations.reduce((sum, us) => sum + us, 0);
  return { samples: profile.samples?.length ?? 0, sampledUs, idleUs, hot };
}

function describe(tally: Tally): HotFunction {
  const { frame, place } = tally;
  let busiest: number | undefined;
  let most = 0;
  for (const [line, ticks] of tally.lines) if (ticks > most) [busiest, most] = [line, ticks];
  // V8 counts samples by line of the script: only the worker's map has lines to translate them by.
  const hotLine = busiest === undefined || place.kind !== 'worker' || place.file === undefined ? undefined : sourceLine(frame, busiest, place.file);
  return {
    function: frame.functionName === '' ? '(anonymous)' : frame.functionName,
    kind: place.kind,
    ...(place.file === undefined ? {} : { file: place.file, line: place.line, column: place.column }),
    ...(hotLine === undefined ? {} : { hotLine }),
    selfMs: round(tally.selfUs),
    totalMs: round(tally.totalUs),
  };
}

/**
 * The profile with the worker's frames at their TypeScript positions (the sandbox's script name
 * means nothing outside this process), so DevTools lists `src/main.ts:12` where the worker's
 * functions appear. Everything else is as V8 recorded it.
 */
export function withSourcePositions(profile: CpuProfile): CpuProfile {
  const nodes = profile.nodes.map((node): ProfileNode => {
    const place = placeFrame(node.callFrame);
    if (place.kind !== 'worker' || place.file === undefined || place.line === undefined || place.column === undefined) return node;
    const file = place.file;
    const ticks = (node.positionTicks ?? []).flatMap((tick) => {
      const line = sourceLine(node.callFrame, tick.line, file);
      return line === undefined ? [] : [{ line, ticks: tick.ticks }];
    });
    return {
      ...node,
      callFrame: { ...node.callFrame, url: file, lineNumber: place.line - 1, columnNumber: place.column - 1 },
      ...(node.positionTicks === undefined ? {} : { positionTicks: ticks }),
    };
  });
  return { ...profile, nodes };
}
