/**
 * Maps positions in the compiled bundle script back to the author's files (source map v3, the
 * subset esbuild writes). Decoding is lazy: a bundle that never throws never pays for it.
 */
export interface RawSourceMap {
  sources: string[];
  /** The sources' text, when the map carries it (a debugger shows it). */
  sourcesContent?: Array<string | null>;
  names?: string[];
  mappings: string;
}

export interface OriginalPosition {
  source: string;
  /** 1-based, as V8 reports. */
  line: number;
  column: number;
  name: string | undefined;
}

// Per generated line: flat [genCol, srcIndex, srcLine, srcCol, nameIndex] groups (nameIndex -1 if none).
type LineSegments = number[];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) DIGIT[BASE64.charCodeAt(i)] = i;

function decodeMappings(mappings: string): LineSegments[] {
  const lines: LineSegments[] = [];
  let segments: LineSegments = [];
  let src = 0, srcLine = 0, srcCol = 0, name = 0;
  let genCol = 0;
  let fields: number[] = [];
  let value = 0, shift = 0;
  const flush = (): void => {
    if (fields.length >= 4) {
      genCol += fields[0] ?? 0; src += fields[1] ?? 0; srcLine += fields[2] ?? 0; srcCol += fields[3] ?? 0;
      if (fields.length >= 5) name += fields[4] ?? 0;
      segments.push(genCol, src, srcLine, srcCol, fields.length >= 5 ? name : -1);
    } else if (fields.length >= 1) {
      genCol += fields[0] ?? 0;
    }
    fields = [];
  };
  for (let i = 0; i < mappings.length; i++) {
    const code = mappings.charCodeAt(i);
    if (code === 59 /* ; */) { flush(); lines.push(segments); segments = []; genCol = 0; continue; }
    if (code === 44 /* , */) { flush(); continue; }
    const digit = DIGIT[code] ?? -1;
    if (digit < 0) continue;
    value += (digit & 31) << shift;
    if (digit & 32) { shift += 5; continue; }
    fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0; shift = 0;
  }
  flush();
  lines.push(segments);
  return lines;
}

export class SourceMapLookup {
  readonly #raw: RawSourceMap;
  #lines: LineSegments[] | undefined;

  constructor(raw: RawSourceMap) {
    this.#raw = raw;
  }

  /** `line` and `column` are 1-based (V8 stack positions). */
  originalPosition(line: number, column: number): OriginalPosition | undefined {
    this.#lines ??= decodeMappings(this.#raw.mappings);
    const segments = this.#lines[line - 1];
    if (segments === undefined || segments.length === 0) return undefined;
    const col = column - 1;
    let found = -1;
    for (let i = 0; i < segments.length; i += 5) {
      if ((segments[i] ?? 0) > col) break;
      found = i;
    }
    if (found === -1) found = 0;
    const source = this.#raw.sources[segments[found + 1] ?? 0];
    if (source === undefined) return undefined;
    const nameIndex = segments[found + 4] ?? -1;
    return {
      source,
      line: (segments[found + 2] ?? 0) + 1,
      column: (segments[found + 3] ?? 0) + 1,
      name: nameIndex >= 0 ? this.#raw.names?.[nameIndex] : undefined,
    };
  }
}
