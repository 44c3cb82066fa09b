/**
 * Where a profiled function belongs, and where its code is: the worker's own functions at their
 * TypeScript positions (the bundle's source map, sandbox/stack.ts), the platform's (the script the
 * realm evaluates before the bundle, the built-in modules' glue inside the bundle, @weft/platform's
 * host code) and everything else of Weft and Node, and V8's own entries.
 */
import { findSourceMap, type SourceMapping } from 'node:module';
import { KERNEL_FILENAME } from '../sandbox/kernel-script.ts';
import { sandboxSource } from '../sandbox/stack.ts';
import type { FrameKind } from '../trace/schema.ts';
import type { CallFrame } from './cpu-profile.ts';

export interface FramePlace {
  kind: FrameKind;
  /** 1-based positions; absent for V8's entries and bundle glue the map does not cover. */
  file?: string;
  line?: number;
  column?: number;
}

const PLATFORM_HOST = /[\\/](?:@weft[\\/]platform|packages[\\/]platform)[\\/]/;

export function placeFrame(frame: CallFrame): FramePlace {
  const { url } = frame;
  const line = frame.lineNumber + 1;
  const column = frame.columnNumber + 1;
  // (program), (garbage collector), (idle), (root): no script.
  if (url === '' && frame.functionName.startsWith('(')) return { kind: 'v8' };
  if (url === KERNEL_FILENAME) return { kind: 'platform', file: url, line, column };
  const original = sandboxSource(url, line, column);
  if (original === null) return { kind: 'worker' };
  if (original !== undefined) {
    return { kind: original.source.startsWith('weft-builtin:') ? 'platform' : 'worker', file: original.source, line: original.line, column: original.column };
  }
  const kind = PLATFORM_HOST.test(url) ? 'platform' : 'weft';
  if (url === '') return { kind };
  // Weft's own TypeScript (under tsx) has source maps when Node keeps them; a built package's bundles do not.
  const entry = url.startsWith('file:') ? findSourceMap(url)?.findEntry(frame.lineNumber, frame.columnNumber) : undefined;
  if (entry !== undefined && 'originalSource' in entry) {
    const mapped = entry as SourceMapping;
    return { kind, file: mapped.originalSource, line: mapped.originalLine + 1, column: mapped.originalColumn + 1 };
  }
  return { kind, file: url, line, column };
}

/** The source line (1-based) of a line of a worker function's script, when it maps into `file`. */
export function sourceLine(frame: CallFrame, scriptLine: number, file: string): number | undefined {
  const original = sandboxSource(frame.url, scriptLine, 1);
  return original !== undefined && original !== null && original.source === file ? original.line : undefined;
}
