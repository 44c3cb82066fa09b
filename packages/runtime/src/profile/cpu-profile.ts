/**
 * V8's CPU profile, as the inspector's `Profiler.stop` returns it and Chrome DevTools loads it from
 * a `.cpuprofile` file: a call tree (`nodes`), and which node was on top at each sample (`samples`,
 * `timeDeltas` µs apart). Positions in a call frame are 0-based.
 */
export interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
  /** Samples per line (1-based) of the function's script, where V8 recorded them. */
  positionTicks?: Array<{ line: number; ticks: number }>;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  /** µs, on V8's monotonic clock. */
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}
