/**
 * Finds where one markup token that starts with `<` ends, following the WHATWG tokenizer states
 * that matter for token boundaries: tag names, attributes (quotes hide `>`), self-closing flag,
 * comments (`-->`, `--!>`, `<!-->`), DOCTYPE, bogus comments and CDATA sections.
 *
 * It is resumable: when a chunk ends inside a token, `scan` returns -1 and keeps its state, and
 * the next call continues with the next chunk's bytes. Offsets it records (`nameStart`,
 * `nameEnd`) are relative to the token start, so they stay valid once the caller joins the pieces.
 */
import { findByte, type ScanInput } from './find-byte.ts';

export const enum TokenKind {
  StartTag = 1,
  EndTag = 2,
  Comment = 3,
  Doctype = 4,
  Bogus = 5,
  CData = 6,
  /** The `<` did not open markup (e.g. `< ` or `<3`); it is one byte of text. */
  Text = 7,
  /** `</>`: the tokenizer drops it. */
  EmptyEnd = 8,
}

const enum S {
  Lt,
  EndOpen,
  Name,
  BeforeAttr,
  AttrName,
  AfterAttrName,
  BeforeValue,
  ValueDq,
  ValueSq,
  ValueUq,
  AfterValueQ,
  SelfClosing,
  MarkupDecl,
  CommentStart,
  CommentStartDash,
  Comment,
  CommentEndDash,
  CommentEnd,
  CommentEndBang,
  UntilGt,
  CData,
  CDataB1,
  CDataB2,
}

const DOCTYPE = [0x64, 0x6f, 0x63, 0x74, 0x79, 0x70, 0x65];
const CDATA = [0x5b, 0x43, 0x44, 0x41, 0x54, 0x41, 0x5b];
const MD_DASH = 1;
const MD_DOCTYPE = 2;
const MD_CDATA = 4;

function byteSet(chars: string): Uint8Array {
  const set = new Uint8Array(256);
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return set;
}
/** Bytes that end a tag name: one table load instead of seven comparisons per name byte. */
export const TAG_NAME_END = byteSet(' \n\t\f\r/>');
/** Bytes that end an attribute name (`=` too). */
const ATTR_NAME_END = byteSet(' \n\t\f\r/>=');

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0c || c === 0x0d;
}
function isAlpha(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}

export class MarkupScanner {
  kind: TokenKind = TokenKind.Text;
  nameStart = 0;
  nameEnd = 0;
  selfClosing = false;
  /** `[CDATA[` opens a CDATA section only when the current node is foreign (svg, math). */
  allowCData = false;
  private state: S = S.Lt;
  /** Bytes of the token consumed by earlier `scan` calls. */
  private consumed = 0;
  private md = 0;
  private mdCount = 0;

  /** Starts a token whose `<` is the byte before the next scanned one. */
  beginAfterLt(allowCData: boolean): void {
    this.state = S.Lt;
    this.kind = TokenKind.Text;
    this.consumed = 1;
    this.selfClosing = false;
    this.allowCData = allowCData;
  }

  /**
   * Starts the end tag of a raw text element: the caller matched `</name` (length `nameLen`) and
   * the next scanned byte is the one after the name (whitespace, `/` or `>`).
   */
  beginEndTagAfterName(nameLen: number): void {
    this.state = S.Name;
    this.kind = TokenKind.EndTag;
    this.nameStart = 2;
    this.consumed = 2 + nameLen;
    this.selfClosing = false;
  }

  /**
   * Continues a tag whose name the caller already read (`<` at offset 0, name at
   * [nameStart, nameEnd)); the next scanned byte is the one after the name's terminator, which was
   * whitespace (`afterSlash` false) or `/` (true).
   */
  beginAfterName(kind: TokenKind, nameStart: number, nameEnd: number, afterSlash: boolean): void {
    this.kind = kind;
    this.nameStart = nameStart;
    this.nameEnd = nameEnd;
    this.consumed = nameEnd + 1;
    this.selfClosing = false;
    this.state = afterSlash ? S.SelfClosing : S.BeforeAttr;
  }

  /** Returns the index just past the token's last byte, or -1 when `buf[from, to)` ends inside it. */
  scan(input: ScanInput, from: number, to: number): number {
    const buf = input.bytes;
    const words = input.words;
    let state = this.state;
    let i = from;
    const base = this.consumed - from;
    for (; i < to; i++) {
      const c = buf[i];
      switch (state) {
        case S.Lt:
          if (isAlpha(c)) {
            this.kind = TokenKind.StartTag;
            this.nameStart = 1;
            state = S.Name;
          } else if (c === 0x2f) state = S.EndOpen;
          else if (c === 0x21) {
            state = S.MarkupDecl;
            this.md = MD_DASH | MD_DOCTYPE | MD_CDATA;
            this.mdCount = 0;
          } else if (c === 0x3f) {
            this.kind = TokenKind.Bogus;
            state = S.UntilGt;
          } else {
            this.kind = TokenKind.Text;
            return this.done(i);
          }
          break;
        case S.EndOpen:
          if (isAlpha(c)) {
            this.kind = TokenKind.EndTag;
            this.nameStart = 2;
            state = S.Name;
          } else if (c === 0x3e) {
            this.kind = TokenKind.EmptyEnd;
            return this.done(i + 1);
          } else {
            this.kind = TokenKind.Bogus;
            state = S.UntilGt;
            i--;
          }
          break;
        case S.Name: {
          // Tag names are short; a tight loop to the first terminator.
          while (i < to && TAG_NAME_END[buf[i]] === 0) i++;
          if (i === to) break;
          this.nameEnd = base + i;
          const d = buf[i];
          if (d === 0x3e) return this.done(i + 1);
          state = d === 0x2f ? S.SelfClosing : S.BeforeAttr;
          break;
        }
        case S.BeforeAttr: {
          let d = c;
          // One pass over consecutive `name="value"` attributes without leaving this state.
          for (;;) {
            while (d === 0x20 || d === 0x0a || d === 0x09 || d === 0x0c || d === 0x0d) {
              if (++i === to) break;
              d = buf[i];
            }
            if (i === to) break;
            if (d === 0x2f) state = S.SelfClosing;
            else if (d === 0x3e) return this.done(i + 1);
            else {
              // Attribute name: runs to whitespace, '/', '>' or '='.
              while (++i < to) {
                d = buf[i];
                if (ATTR_NAME_END[d] !== 0) break;
              }
              if (i === to) {
                state = S.AttrName;
                break;
              }
              if (d === 0x3d) {
                const q = i + 1 < to ? buf[i + 1] : 0;
                if (q === 0x22 || q === 0x27) {
                  const close = findByte(buf, words, q, i + 2, to);
                  if (close >= 0) {
                    const next = close + 1;
                    if (next < to) {
                      const e = buf[next];
                      if (e === 0x3e) return this.done(next + 1);
                      if (e === 0x20 || e === 0x0a || e === 0x09 || e === 0x0c || e === 0x0d) {
                        i = next;
                        d = e;
                        continue;
                      }
                    }
                    i = close;
                    state = S.AfterValueQ;
                    break;
                  }
                }
                state = S.BeforeValue;
              } else if (d === 0x3e) return this.done(i + 1);
              else if (d === 0x2f) state = S.SelfClosing;
              else state = S.AfterAttrName;
            }
            break;
          }
          break;
        }
        case S.AttrName: {
          let d = c;
          while (ATTR_NAME_END[d] === 0) {
            if (++i === to) break;
            d = buf[i];
          }
          if (i === to) break;
          if (d === 0x3d) state = S.BeforeValue;
          else if (d === 0x3e) return this.done(i + 1);
          else if (d === 0x2f) state = S.SelfClosing;
          else state = S.AfterAttrName;
          break;
        }
        case S.AfterAttrName:
          if (isWs(c)) break;
          if (c === 0x2f) state = S.SelfClosing;
          else if (c === 0x3d) state = S.BeforeValue;
          else if (c === 0x3e) return this.done(i + 1);
          else state = S.AttrName;
          break;
        case S.BeforeValue:
          if (isWs(c)) break;
          if (c === 0x22) state = S.ValueDq;
          else if (c === 0x27) state = S.ValueSq;
          else if (c === 0x3e) return this.done(i + 1);
          else state = S.ValueUq;
          break;
        case S.ValueDq:
        case S.ValueSq: {
          const q = findByte(buf, words, state === S.ValueDq ? 0x22 : 0x27, i, to);
          if (q < 0) {
            i = to;
            break;
          }
          i = q;
          state = S.AfterValueQ;
          break;
        }
        case S.ValueUq: {
          let d = c;
          while (d !== 0x3e && d !== 0x20 && d !== 0x0a && d !== 0x09 && d !== 0x0c && d !== 0x0d) {
            if (++i === to) break;
            d = buf[i];
          }
          if (i === to) break;
          if (d === 0x3e) return this.done(i + 1);
          state = S.BeforeAttr;
          break;
        }
        case S.AfterValueQ:
          if (isWs(c)) state = S.BeforeAttr;
          else if (c === 0x2f) state = S.SelfClosing;
          else if (c === 0x3e) return this.done(i + 1);
          else {
            state = S.BeforeAttr;
            i--;
          }
          break;
        case S.SelfClosing:
          if (c === 0x3e) {
            this.selfClosing = true;
            return this.done(i + 1);
          }
          state = S.BeforeAttr;
          i--;
          break;
        case S.MarkupDecl: {
          const k = this.mdCount++;
          let md = this.md;
          if (md & MD_DASH && (k > 1 || c !== 0x2d)) md &= ~MD_DASH;
          if (md & MD_DOCTYPE && (c | 0x20) !== DOCTYPE[k]) md &= ~MD_DOCTYPE;
          if (md & MD_CDATA && c !== CDATA[k]) md &= ~MD_CDATA;
          this.md = md;
          if (md & MD_DASH && k === 1) {
            this.kind = TokenKind.Comment;
            state = S.CommentStart;
          } else if (md & MD_DOCTYPE && k === 6) {
            this.kind = TokenKind.Doctype;
            state = S.UntilGt;
          } else if (md & MD_CDATA && k === 6) {
            this.kind = this.allowCData ? TokenKind.CData : TokenKind.Bogus;
            state = this.allowCData ? S.CData : S.UntilGt;
          } else if (md === 0) {
            // Not a known declaration: a bogus comment that starts right after `<!`.
            this.kind = TokenKind.Bogus;
            state = S.UntilGt;
            if (k === 0) i--;
            else if (c === 0x3e) return this.done(i + 1);
          }
          break;
        }
        case S.CommentStart:
          if (c === 0x2d) state = S.CommentStartDash;
          else if (c === 0x3e) return this.done(i + 1);
          else state = S.Comment;
          break;
        case S.CommentStartDash:
          if (c === 0x2d) state = S.CommentEnd;
          else if (c === 0x3e) return this.done(i + 1);
          else state = S.Comment;
          break;
        case S.Comment: {
          const d = findByte(buf, words, 0x2d, i, to);
          if (d < 0) {
            i = to;
            break;
          }
          i = d;
          state = S.CommentEndDash;
          break;
        }
        case S.CommentEndDash:
          state = c === 0x2d ? S.CommentEnd : S.Comment;
          if (state === S.Comment) i--;
          break;
        case S.CommentEnd:
          if (c === 0x3e) return this.done(i + 1);
          if (c === 0x21) state = S.CommentEndBang;
          else if (c !== 0x2d) {
            state = S.Comment;
            i--;
          }
          break;
        case S.CommentEndBang:
          if (c === 0x3e) return this.done(i + 1);
          if (c === 0x2d) state = S.CommentEndDash;
          else {
            state = S.Comment;
            i--;
          }
          break;
        case S.UntilGt: {
          const g = findByte(buf, words, 0x3e, i, to);
          if (g < 0) {
            i = to;
            break;
          }
          return this.done(g + 1);
        }
        case S.CData: {
          const b = findByte(buf, words, 0x5d, i, to);
          if (b < 0) {
            i = to;
            break;
          }
          i = b;
          state = S.CDataB1;
          break;
        }
        case S.CDataB1:
          state = c === 0x5d ? S.CDataB2 : S.CData;
          if (state === S.CData) i--;
          break;
        case S.CDataB2:
          if (c === 0x3e) return this.done(i + 1);
          if (c !== 0x5d) {
            state = S.CData;
            i--;
          }
          break;
      }
    }
    this.state = state;
    this.consumed = base + to;
    return -1;
  }

  private done(end: number): number {
    this.state = S.Lt;
    return end;
  }
}
