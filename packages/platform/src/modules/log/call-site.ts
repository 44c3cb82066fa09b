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

function displayName(file: string): string {
  return file.startsWith('file://') ? decodeURIComponent(file.slice('file://'.length)) : file;
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
