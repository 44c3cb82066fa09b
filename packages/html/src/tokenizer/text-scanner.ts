/**
 * Scans the content of raw text elements (RCDATA: title, textarea; RAWTEXT: style, xmp, iframe,
 * noembed, noframes, noscript; script data with its escaped and double-escaped states; PLAINTEXT)
 * for the "appropriate end tag" that ends them, per the WHATWG tokenizer.
 *
 * Resumable across chunks: a partial `</scr` at a chunk end is remembered as `candLen` bytes and
 * matching continues with the next chunk.
 */
import { TextMode } from '../tree/tags.ts';
import { findByte, type ScanInput } from './find-byte.ts';

const enum St {
  Data,
  EscStart,
  EscStartDash,
  Esc,
  EscDash,
  EscDashDash,
  DescStart,
  Desc,
  DescDash,
  DescDashDash,
  DescLt,
  DescEnd,
}

/** Raw text element names are a fixed, small set. */
const NAME_BYTES = new Map<string, Uint8Array>();
const SCRIPT = [0x73, 0x63, 0x72, 0x69, 0x70, 0x74];

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0c || c === 0x0d;
}
function isAlpha(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}

export class TextScanner {
  mode: TextMode = TextMode.Data;
  /** Lower-case bytes of the element name whose end tag closes the text. */
  private name: Uint8Array = new Uint8Array(0);
  private nameText = '';
  private st: St = St.Data;
  /** Length of a possible end tag matched so far: 1 = `<`, 2 = `</`, 2 + k = name bytes. */
  candLen = 0;
  /** State to return to when the candidate turns out to be text (Data or Esc). */
  private candBase: St = St.Data;
  private tempLen = 0;
  private tempOk = true;

  begin(mode: TextMode, name: string): void {
    this.mode = mode;
    this.st = St.Data;
    this.candLen = 0;
    // Back to data, or the same element as last time (a page's many <script>s): no lookup.
    if (mode === TextMode.Data || name === this.nameText) return;
    this.nameText = name;
    let bytes = NAME_BYTES.get(name);
    if (bytes === undefined) {
      bytes = new Uint8Array(name.length);
      for (let i = 0; i < name.length; i++) bytes[i] = name.charCodeAt(i) & 0xff;
      NAME_BYTES.set(name, bytes);
    }
    this.name = bytes;
  }

  /** Length in bytes of the element name (the end tag candidate is `</` + name). */
  get nameLength(): number {
    return this.name.length;
  }

  /**
   * Returns the index of the byte right after `</name` of the appropriate end tag (a whitespace,
   * `/` or `>`), or -1 when `buf[from, to)` ends first. The end tag's `<` is `candLen` bytes
   * before the returned index (it may lie in an earlier chunk).
   */
  scan(input: ScanInput, from: number, to: number): number {
    if (this.mode === TextMode.PlainText) return -1;
    const buf = input.bytes;
    const script = this.mode === TextMode.Script;
    const name = this.name;
    const nlen = name.length;
    let st = this.st;
    let cand = this.candLen;
    let i = from;
    while (i < to) {
      const c = buf[i];
      if (cand > 0) {
        if (cand === 1) {
          if (c === 0x2f) {
            cand = 2;
            i++;
            continue;
          }
          cand = 0;
          if (this.candBase === St.Data) {
            if (script && c === 0x21) {
              st = St.EscStart;
              i++;
              continue;
            }
          } else if (isAlpha(c)) {
            st = St.DescStart;
            this.tempLen = 0;
            this.tempOk = true;
            continue;
          }
          st = this.candBase;
          continue;
        }
        const k = cand - 2;
        if (k < nlen) {
          if ((c | 0x20) === name[k] && isAlpha(c)) {
            cand++;
            i++;
            continue;
          }
        } else if (isWs(c) || c === 0x2f || c === 0x3e) {
          this.st = this.candBase;
          this.candLen = cand;
          return i;
        }
        cand = 0;
        st = this.candBase;
        continue;
      }
      switch (st) {
        case St.Data: {
          const lt = findByte(buf, input.words, 0x3c, i, to);
          if (lt < 0) {
            i = to;
            continue;
          }
          cand = 1;
          this.candBase = St.Data;
          i = lt + 1;
          continue;
        }
        case St.EscStart:
          st = c === 0x2d ? St.EscStartDash : St.Data;
          if (st === St.Data) continue;
          break;
        case St.EscStartDash:
          st = c === 0x2d ? St.EscDashDash : St.Data;
          if (st === St.Data) continue;
          break;
        case St.Esc:
        case St.EscDash:
        case St.EscDashDash:
          if (c === 0x2d) st = st === St.Esc ? St.EscDash : St.EscDashDash;
          else if (c === 0x3c) {
            cand = 1;
            this.candBase = St.Esc;
          } else if (c === 0x3e && st === St.EscDashDash) st = St.Data;
          else st = St.Esc;
          break;
        case St.DescStart:
        case St.DescEnd: {
          if (isWs(c) || c === 0x2f || c === 0x3e) {
            const isScript = this.tempOk && this.tempLen === 6;
            if (st === St.DescStart) st = isScript ? St.Desc : St.Esc;
            else st = isScript ? St.Esc : St.Desc;
          } else if (isAlpha(c)) {
            if (this.tempLen >= 6 || (c | 0x20) !== SCRIPT[this.tempLen]) this.tempOk = false;
            this.tempLen++;
          } else {
            st = st === St.DescStart ? St.Esc : St.Desc;
            continue;
          }
          break;
        }
        case St.Desc:
        case St.DescDash:
        case St.DescDashDash:
          if (c === 0x2d) st = st === St.Desc ? St.DescDash : St.DescDashDash;
          else if (c === 0x3c) st = St.DescLt;
          else if (c === 0x3e && st === St.DescDashDash) st = St.Data;
          else st = St.Desc;
          break;
        case St.DescLt:
          if (c === 0x2f) {
            st = St.DescEnd;
            this.tempLen = 0;
            this.tempOk = true;
            break;
          }
          st = St.Desc;
          continue;
      }
      i++;
    }
    this.st = st;
    this.candLen = cand;
    return -1;
  }
}
