/**
 * Stack positions in bundle coordinates. Each sandbox script registers its source map under its
 * vm filename; a chained `Error.prepareStackTrace` (V8 consults the host realm's hook for errors of
 * a vm context that sets none) rewrites those frames to `main.js:line:col`. So worker `err.stack`,
 * `status_msg` frames and the log module's call sites all name the author's files and lines.
 * Errors with no sandbox frame go to the previous hook, or the V8 format.
 */
import { SourceMapLookup, type OriginalPosition, type RawSourceMap } from '../loader/source-map.ts';
import type { InvocationError, StackFrame } from './types.ts';

interface CallSite {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  getFunctionName(): string | null;
  toString(): string;
}

type PrepareStackTrace = (error: Error, callSites: CallSite[]) => unknown;

const scripts = new Map<string, SourceMapLookup>();
const filenames = new WeakMap<RawSourceMap, string>();
const framesOf = new WeakMap<object, StackFrame[]>();
let counter = 0;

/**
 * The vm filename to compile a bundle under, registering its source map once per map object (all
 * instances of one loaded bundle share it, so one instance per request does not pile up maps).
 */
export function scriptFilename(map: RawSourceMap): string {
  let filename = filenames.get(map);
  if (filename === undefined) {
    filename = `weft-sandbox-${++counter}.js`;
    filenames.set(map, filename);
    scripts.set(filename, new SourceMapLookup(map));
  }
  installHook();
  return filename;
}

function errorHeader(error: unknown): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    // A worker value whose name or message getter throws: by design it cannot break the report.
    return 'Error';
  }
}

function mapSite(site: CallSite, lookup: SourceMapLookup, file: string): { text: string; frame: StackFrame | undefined } {
  const line = site.getLineNumber() ?? 0;
  const column = site.getColumnNumber() ?? 0;
  const original = lookup.originalPosition(line, column);
  const text = site.toString();
  if (original === undefined) return { text, frame: undefined };
  const mapped = text.replace(`${file}:${line}:${column}`, `${original.source}:${original.line}:${original.column}`);
  // Frames of the built-in module glue are host territory, not the author's code.
  if (original.source.startsWith('weft-builtin:')) return { text: mapped, frame: undefined };
  return { text: mapped, frame: { file: original.source, function: site.getFunctionName() ?? '', line: original.line, column: original.column } };
}

/**
 * The bundle position (`main.js:4:14`) of a frame of a sandbox script, for the worker realm's stack
 * view; '' for positions of the bundler's or the built-in modules' glue, and for other files.
 */
export function bundlePosition(file: string, line: number, column: number): string {
  const lookup = scripts.get(file);
  const original = lookup?.originalPosition(line, column);
  if (original === undefined || original.source.startsWith('weft-builtin:')) return '';
  return `${original.source}:${original.line}:${original.column}`;
}

/**
 * Where a position (1-based) of a script comes from, for CPU profiles: `undefined` when `file` is no
 * sandbox script, `null` when the map does not cover it, otherwise the map's source and position.
 */
export function sandboxSource(file: string, line: number, column: number): OriginalPosition | null | undefined {
  const lookup = scripts.get(file);
  if (lookup === undefined) return undefined;
  return lookup.originalPosition(line, column) ?? null;
}

function prepare(previous: PrepareStackTrace | undefined): PrepareStackTrace {
  return function weftPrepareStackTrace(error, sites) {
    if (!sites.some((site) => scripts.has(site.getFileName() ?? ''))) {
      if (previous !== undefined) return previous(error, sites);
      return errorHeader(error) + sites.map((site) => `\n    at ${site.toString()}`).join('');
    }
    const frames: StackFrame[] = [];
    let text = errorHeader(error);
    for (const site of sites) {
      const file = site.getFileName() ?? '';
      const lookup = scripts.get(file);
      if (lookup === undefined) { text += `\n    at ${site.toString()}`; continue; }
      const mapped = mapSite(site, lookup, file);
      text += `\n    at ${mapped.text}`;
      if (mapped.frame !== undefined) frames.push(mapped.frame);
    }
    if (typeof error === 'object' && error !== null) framesOf.set(error, frames);
    return text;
  };
}

let installed: PrepareStackTrace | undefined;

function installHook(): void {
  const current = Error.prepareStackTrace as PrepareStackTrace | undefined;
  if (installed !== undefined && current === installed) return;
  installed = prepare(current);
  Error.prepareStackTrace = installed as typeof Error.prepareStackTrace;
}

const FRAME = /^\s*at (?:(.*?) \()?([^()\s]+):(\d+):(\d+)\)?$/;

/** Parses frames of a stack text that is already in bundle coordinates (fallback path, and reports of the log module's hook). */
export function parseFrames(stack: string, bundleFiles: ReadonlySet<string>): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n').slice(1)) {
    const match = FRAME.exec(line);
    if (match === null || !bundleFiles.has(match[2] ?? '')) continue;
    const fn = (match[1] ?? '').replace(/^(async |new )/, '');
    frames.push({ file: match[2] ?? '', function: fn, line: Number(match[3]), column: Number(match[4]) });
  }
  return frames;
}

/**
 * A fault the worker realm described (realm/wire.ts ErrorWire), with frames in bundle coordinates.
 * The frames are those worker code saw; the stack kept for the developer is the whole one, with the
 * platform's and the host's frames (issue 12, group 4).
 */
export function describeReported(error: { name: string; message: string; stack: string | undefined; hostStack?: string | undefined }, bundleFiles: ReadonlySet<string>): InvocationError {
  return { name: error.name, message: error.message, frames: error.stack === undefined ? [] : parseFrames(error.stack, bundleFiles), stack: error.hostStack ?? error.stack };
}

/** Describes anything a worker threw or rejected with, in bundle coordinates. */
export function describeThrown(thrown: unknown, bundleFiles: ReadonlySet<string>): InvocationError {
  if (typeof thrown === 'object' && thrown !== null && 'stack' in thrown) {
    const stack = (thrown as { stack?: unknown }).stack;
    const name = String((thrown as { name?: unknown }).name ?? 'Error');
    const message = String((thrown as { message?: unknown }).message ?? '');
    const frames = framesOf.get(thrown) ?? (typeof stack === 'string' ? parseFrames(stack, bundleFiles) : []);
    return { name, message, frames, stack: typeof stack === 'string' ? stack : undefined };
  }
  let text: string;
  try {
    text = String(thrown);
  } catch {
    // A thrown value whose toString throws: by design the description falls back to its tag.
    text = Object.prototype.toString.call(thrown);
  }
  return { name: 'Error', message: `Uncaught ${text}`, frames: [], stack: undefined };
}
