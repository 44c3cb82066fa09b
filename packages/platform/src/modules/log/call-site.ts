/**
 * Finds the worker's file and line for a log call (spec §16: `D:main.js:4`): the first stack frame
 * outside the platform package, read through V8's structured stack API.
 */
import { fileURLToPath } from 'node:url';

const PLATFORM_SRC = fileURLToPath(new URL('../../', import.meta.url));

export interface CallSite {
  file: string | undefined;
  line: number | undefined;
}

function displayName(file: string): string {
  return file.startsWith('file://') ? fileURLToPath(file) : file;
}

function isPlatformFrame(file: string): boolean {
  return file.startsWith('node:') || displayName(file).startsWith(PLATFORM_SRC);
}

export function findCallSite(): CallSite {
  const previousPrepare = Error.prepareStackTrace;
  const previousLimit = Error.stackTraceLimit;
  let frames: NodeJS.CallSite[] = [];
  try {
    Error.stackTraceLimit = 50;
    Error.prepareStackTrace = (_error, callSites) => callSites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder);
    frames = Array.isArray(holder.stack) ? (holder.stack as NodeJS.CallSite[]) : [];
  } finally {
    Error.prepareStackTrace = previousPrepare;
    Error.stackTraceLimit = previousLimit;
  }
  for (const frame of frames) {
    const file = frame.getFileName() ?? frame.getScriptNameOrSourceURL();
    if (file && !isPlatformFrame(file)) return { file: displayName(file), line: frame.getLineNumber() ?? undefined };
  }
  return { file: undefined, line: undefined };
}
