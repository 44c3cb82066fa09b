/**
 * Finds the worker's file and line for a log call (spec §16: `D:main.js:4`): the first stack frame
 * outside the platform package. The stack is read as text on purpose: the runtime installs an
 * `Error.prepareStackTrace` hook that maps sandbox frames back to bundle files (`main.js:4:3`),
 * and reading the text keeps that mapping.
 */
// Frames of the platform itself: its script inside a worker realm, its sources in the host realm.
const PLATFORM_FRAME = /(?:^weft-platform\.js$|\/packages\/platform\/src\/|\/@weft\/platform\/)/;
// `at fn (file:line:col)`, `at file:line:col`, `at async fn (file:line:col)`.
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):\d+\)?$/;

export interface CallSite {
  file: string | undefined;
  line: number | undefined;
}

/** A path for a `file://` URL, by string work (no URL class in a worker realm); other names as they are. */
export function displayName(file: string): string {
  if (!file.startsWith('file://')) return file;
  let path = file.slice('file://'.length);
  // file:///C:/dir/x.js names a Windows drive; the path starts after the third slash.
  if (/^\/[A-Za-z]:\//.test(path)) path = path.slice(1);
  try {
    return decodeURIComponent(path);
  } catch {
    // A malformed escape is left as written: a log line must never throw.
    return path;
  }
}

function isHostFrame(file: string): boolean {
  return file.startsWith('node:') || file.startsWith('weft-builtin:') || PLATFORM_FRAME.test(displayName(file));
}

export function findCallSite(): CallSite {
  const previousLimit = Error.stackTraceLimit;
  let stack: unknown;
  try {
    Error.stackTraceLimit = 50;
    stack = new Error('call site').stack;
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  if (typeof stack !== 'string') return { file: undefined, line: undefined };
  for (const text of stack.split('\n').slice(1)) {
    const match = FRAME.exec(text);
    const file = match?.[1];
    if (file === undefined || isHostFrame(file)) continue;
    return { file: displayName(file), line: Number(match?.[2]) };
  }
  return { file: undefined, line: undefined };
}
