/**
 * What `weft dev` prints for a finished trace: the access line, then what the worker said and what
 * went wrong, each naming the request (method, path, trace id) so lines of concurrent requests can
 * be told apart. Log lines are those the trace kept, i.e. at or above the bundle's configured level
 * (decision 34); errors and warnings are the stages' and the trace's (a compose callback that
 * threw, a fallback used, a platform note). A profiled request (`x-weft-profile: 1`) gets a line
 * naming its hottest function of the worker and where its `.cpuprofile` is.
 */
import type { Trace } from '@weft/runtime';

export interface TraceLine {
  /** `error` goes to stderr: warn and error logs, failures and warnings. */
  stream: 'info' | 'error';
  text: string;
}

const LETTERS = { trace: 'T', debug: 'D', info: 'I', warn: 'W', error: 'E' } as const;

function at(file: string | undefined, line: number | undefined, column?: number): string {
  if (file === undefined) return '';
  return `${file}${line === undefined ? '' : `:${line}`}${column === undefined ? '' : `:${column}`}`;
}

export function traceLines(app: string, trace: Trace): TraceLine[] {
  const request = `${app}: ${trace.request.method} ${trace.request.url}`;
  const tagged = `${request} [${trace.id}]`;
  const lines: TraceLine[] = [
    { stream: 'info', text: `${request} → ${trace.response?.status ?? '-'} ${trace.response?.source ?? ''} ${trace.durationMs.toFixed(1)} ms` },
  ];
  const passes = subrequestLine(trace);
  if (passes !== undefined) lines.push({ stream: 'info', text: `${tagged} ${passes}` });
  for (const log of trace.logs) {
    const where = at(log.file, log.line);
    lines.push({ stream: log.level === 'warn' || log.level === 'error' ? 'error' : 'info', text: `${tagged} ${log.handler} ${LETTERS[log.level]}${where === '' ? '' : ` ${where}`} ${log.message}` });
  }
  for (const stage of trace.stages) {
    const error = stage.error;
    if (error === undefined) continue;
    const frame = error.frames[0];
    const position = frame === undefined ? '' : ` (${at(frame.file, frame.line, frame.column)})`;
    // A reported error's context already says what failed and how the request was answered.
    const what = error.context ?? `${stage.status}: ${error.name}: ${error.message}`;
    lines.push({ stream: 'error', text: `${tagged} ${stage.stage} ${what}${position}` });
  }
  for (const warning of trace.warnings) {
    // A bundle's warnings are copied onto every trace: they are about the bundle, not this request.
    if (warning.code === 'bundle') continue;
    lines.push({ stream: 'error', text: `${tagged}${warning.stage === undefined ? '' : ` ${warning.stage}`} warning ${warning.code}: ${warning.message}` });
  }
  const profile = profileLine(trace);
  if (profile !== undefined) lines.push({ stream: 'info', text: `${tagged} ${profile}` });
  return lines;
}

/** The sub-requests' passes through the cache and the subWorkers they ran (issue 17), when there were any. */
function subrequestLine(trace: Trace): string | undefined {
  const counts = new Map<string, number>();
  const calls: string[] = [];
  for (const sub of trace.subrequests) {
    if (sub.cache !== undefined) counts.set(sub.cache.lookup.toUpperCase(), (counts.get(sub.cache.lookup.toUpperCase()) ?? 0) + 1);
    if (sub.subWorker !== undefined) calls.push(`${sub.subWorker.app} [${sub.subWorker.traceId}]`);
  }
  const parts: string[] = [];
  if (counts.size > 0) parts.push(`cache ${[...counts].map(([lookup, n]) => `${n} ${lookup}`).join(', ')}`);
  if (calls.length > 0) parts.push(`subWorker ${calls.join(', ')}`);
  return parts.length === 0 ? undefined : `sub-requests: ${parts.join('; ')}`;
}

function profileLine(trace: Trace): string | undefined {
  const profile = trace.profile;
  if (profile === undefined) return undefined;
  if (profile.bytes === undefined) return `CPU profile: ${profile.note ?? 'none kept'}`;
  const hottest = profile.hot.find((fn) => fn.kind === 'worker');
  const worker = hottest === undefined ? 'no worker function sampled' : `hottest worker function ${hottest.function}${hottest.file === undefined ? '' : ` (${at(hottest.file, hottest.line)})`} ${hottest.selfMs.toFixed(1)} ms self`;
  return `CPU profile: ${worker}, ${profile.samples} samples over ${profile.durationMs.toFixed(1)} ms; /__weft/trace/${encodeURIComponent(trace.id)}/profile.cpuprofile (or the viewer)`;
}
