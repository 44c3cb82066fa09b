/**
 * The reference: parse5's own tokenizer driven by its tree builder (which decides raw text,
 * PLAINTEXT, CDATA and foreign content), observed at the point where each start or end tag token
 * reaches the tree builder.
 */
import { Parser } from 'parse5';
import type { TagToken } from '../../src/index.ts';

interface P5Tag {
  tagName: string;
  location: { startOffset: number } | null;
}

export function parse5Tags(html: string): TagToken[] {
  const out: TagToken[] = [];
  const seen = new WeakSet<object>();
  class Recording extends Parser<never> {
    override onStartTag(token: never): void {
      const t = token as unknown as P5Tag;
      if (!seen.has(t)) {
        seen.add(t);
        out.push({ kind: 'start', name: t.tagName, offset: t.location?.startOffset ?? -1 });
      }
      super.onStartTag(token);
    }
    override onEndTag(token: never): void {
      const t = token as unknown as P5Tag;
      if (!seen.has(t)) {
        seen.add(t);
        out.push({ kind: 'end', name: t.tagName, offset: t.location?.startOffset ?? -1 });
      }
      super.onEndTag(token);
    }
  }
  Recording.parse(html, { sourceCodeLocationInfo: true } as never);
  return out;
}

/** Maps UTF-8 byte offsets of (valid UTF-8) `text` to its UTF-16 offsets. */
export function byteToCharOffsets(text: string): Int32Array {
  const bytes: number[] = [];
  let chars = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < len; k++) bytes.push(chars);
    chars += ch.length;
  }
  bytes.push(chars);
  return Int32Array.from(bytes);
}
