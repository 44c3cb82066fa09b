/**
 * What the engine knows about a tag name: the facts of the WHATWG tree-construction rules that
 * decide tokenization (raw text elements, foreign content) and element boundaries (void elements,
 * implied end tags, scopes). Names are interned once per distinct byte sequence, so the hot loop
 * compares small integers and flags rather than strings.
 */
import { utf8Decode } from '../bytes.ts';

export const enum TextMode {
  Data = 0,
  RcData = 1,
  RawText = 2,
  Script = 3,
  PlainText = 4,
}

export const enum TagFlag {
  Void = 1,
  Special = 2,
  ClosesP = 4,
  Heading = 8,
  /** Start tag leaves foreign content (spec "breakout" list; `font` only with color/face/size). */
  Breakout = 16,
  /** Allowed inside <head>; any other start tag closes an open head. */
  HeadContent = 32,
  /** Boundary of the default "has an element in scope" check. */
  Scope = 64,
  /** Formatting element (closed by the adoption agency). */
  Formatting = 128,
  /** Implied end tags are generated for these (li, p, option, ...). */
  ImpliedEnd = 256,
  /** In body, these start tags end frameset-ok. */
  FramesetNotOk = 512,
  /** No tree rule names it: in the body, its start tag just opens an element. */
  Plain = 1024,
  /** A start-tag rule of body-rules.ts names it. */
  Named = 2048,
  /** table and the parts the "in table" rules name (caption, colgroup, col, tbody, ... th). */
  TablePart = 4096,
  /**
   * Its end tag, when it names the current node (HTML content, in body, outside select), pops just
   * that node: every end-tag rule for it finds the current node first. Not for the names whose end
   * tags have rules of their own (html, body, form, template, ...).
   */
  PopsOnOwnEnd = 8192,
}

export interface TagInfo {
  /** Lower-case name (NUL replaced by U+FFFD). */
  readonly name: string;
  /** Small integer, unique per interned name (index for per-rewriter caches). */
  readonly id: number;
  readonly flags: number;
  readonly text: TextMode;
}

const words = (list: string): string[] => list.split(' ');

const VOID = words('area base basefont bgsound br col embed frame hr image img input keygen link meta param source track wbr');
const SPECIAL = words(
  'address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main marquee menu meta nav noembed noframes noscript object ol p param plaintext pre script search section select source style summary table tbody td template textarea tfoot th thead title tr track ul wbr xmp',
);
const CLOSES_P = words(
  'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre listing form plaintext xmp table hr li dd dt',
);
const BREAKOUT = words(
  'b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var',
);
const HEAD_CONTENT = words('base basefont bgsound link meta noframes script style template title noscript');
const SCOPE = words('applet caption html table td th marquee object template');
const FORMATTING = words('a b big code em font i nobr s small strike strong tt u');
const IMPLIED_END = words('dd dt li optgroup option p rb rp rt rtc');
/** Names the start-tag rules of open-elements.ts treat specially. */
const TREE_NAMED = words(
  'html head body frameset frame template form li dd dt a nobr button option optgroup rb rtc rp rt select input keygen textarea hr caption colgroup col tbody thead tfoot tr td th table svg math image font annotation-xml mi mo mn ms mtext mglyph malignmark foreignobject desc title',
);
const TABLE_PART = words('caption colgroup col tbody thead tfoot tr td th table');
const OWN_END_RULES = words('html head body form br frameset');
const FRAMESET_NOT_OK = words('pre listing li dd dt button applet marquee object table area br embed img keygen wbr input hr textarea xmp iframe select image');
const TEXT_MODES: Record<string, TextMode> = {
  title: TextMode.RcData,
  textarea: TextMode.RcData,
  style: TextMode.RawText,
  xmp: TextMode.RawText,
  iframe: TextMode.RawText,
  noembed: TextMode.RawText,
  noframes: TextMode.RawText,
  // parse5 (the reference) parses with scripting enabled, so <noscript> content is raw text.
  noscript: TextMode.RawText,
  script: TextMode.Script,
  plaintext: TextMode.PlainText,
};

function flagsOf(name: string): number {
  let f = 0;
  if (VOID.includes(name)) f |= TagFlag.Void;
  if (SPECIAL.includes(name)) f |= TagFlag.Special;
  if (CLOSES_P.includes(name)) f |= TagFlag.ClosesP;
  if (/^h[1-6]$/.test(name)) f |= TagFlag.Heading;
  if (BREAKOUT.includes(name)) f |= TagFlag.Breakout;
  if (HEAD_CONTENT.includes(name)) f |= TagFlag.HeadContent;
  if (SCOPE.includes(name)) f |= TagFlag.Scope;
  if (FORMATTING.includes(name)) f |= TagFlag.Formatting;
  if (IMPLIED_END.includes(name)) f |= TagFlag.ImpliedEnd;
  if (FRAMESET_NOT_OK.includes(name)) f |= TagFlag.FramesetNotOk;
  if (TREE_NAMED.includes(name)) f |= TagFlag.Named;
  if (TABLE_PART.includes(name)) f |= TagFlag.TablePart;
  if (!OWN_END_RULES.includes(name)) f |= TagFlag.PopsOnOwnEnd;
  const named = TREE_NAMED.includes(name) || TEXT_MODES[name] !== undefined;
  if (!named && (f & (TagFlag.Void | TagFlag.ClosesP | TagFlag.Heading | TagFlag.HeadContent | TagFlag.FramesetNotOk)) === 0) f |= TagFlag.Plain;
  return f;
}

const byName = new Map<string, TagInfo>();
let nextId = 0;
/** Hostile input may use endless distinct names; past this many, infos are built but not cached. */
const CACHE_LIMIT = 4096;

/**
 * The engine's copy of a name: a property key, which JavaScript engines intern, so that the tree
 * rules' many comparisons of names with literals (`n === 'li'`) compare pointers, not characters.
 */
function interned(name: string): string {
  return Object.keys({ [name]: 0 })[0] ?? name;
}

export function tagInfo(name: string): TagInfo {
  let info = byName.get(name);
  if (info === undefined) {
    info = { name: interned(name), id: nextId++, flags: flagsOf(name), text: TEXT_MODES[name] ?? TextMode.Data };
    if (byName.size < CACHE_LIMIT) byName.set(name, info);
  }
  return info;
}

/**
 * A direct-mapped cache from the name bytes to the info. The first eight bytes (ASCII lower-cased)
 * and the length are the key, packed in two integers, so a hit on a common name is three integer
 * comparisons; longer names also compare their remaining bytes.
 */
const SLOTS = 4096;
const slots: (TagInfo | undefined)[] = new Array<TagInfo | undefined>(SLOTS).fill(undefined);
const slotLow = new Int32Array(SLOTS);
const slotHigh = new Int32Array(SLOTS);
/** 0 marks an empty slot (a name is never empty). */
const slotLength = new Int32Array(SLOTS);
export const LOWER = new Uint8Array(256).map((_, c) => (c >= 0x41 && c <= 0x5a ? c + 32 : c));

/** The info of the tag name in `buf[start, end)`, without building a string on the hot path. */
export function tagInfoAt(buf: Uint8Array, start: number, end: number): TagInfo {
  const len = end - start;
  let low = 0;
  let high = 0;
  const lowEnd = len < 4 ? end : start + 4;
  for (let i = start, shift = 0; i < lowEnd; i++, shift += 8) low |= LOWER[buf[i]] << shift;
  const highEnd = len < 8 ? end : start + 8;
  for (let i = start + 4, shift = 0; i < highEnd; i++, shift += 8) high |= LOWER[buf[i]] << shift;
  return tagInfoByKey(buf, start, end, low, high);
}

/**
 * The info of the tag name in `buf[start, end)` whose first eight bytes, ASCII lower-cased and
 * packed little-endian (zero past the name's end), are `low` and `high`: for a caller that read
 * the name already.
 */
export function tagInfoByKey(buf: Uint8Array, start: number, end: number, low: number, high: number): TagInfo {
  const len = end - start;
  let h = Math.imul(low ^ len, 0x9e3779b1) ^ high;
  for (let i = start + 8; i < end; i++) h = Math.imul(h, 31) + LOWER[buf[i]];
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  const slot = (h ^ (h >>> 13)) & (SLOTS - 1);
  if (slotLength[slot] === len && slotLow[slot] === low && slotHigh[slot] === high) {
    const cached = slots[slot];
    if (cached !== undefined && (len <= 8 || sameName(cached.name, buf, start, end))) return cached;
  }
  const info = tagInfo(nameString(buf, start, end));
  slots[slot] = info;
  slotLow[slot] = low;
  slotHigh[slot] = high;
  slotLength[slot] = len;
  return info;
}

function sameName(name: string, buf: Uint8Array, start: number, end: number): boolean {
  if (name.length !== end - start) return false;
  for (let k = 0; k < name.length; k++) if (LOWER[buf[start + k]] !== name.charCodeAt(k)) return false;
  return true;
}

function nameString(buf: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) if (buf[i] >= 0x80 || buf[i] === 0) ascii = false;
  if (ascii) {
    let s = '';
    for (let i = start; i < end; i++) {
      const c = buf[i];
      s += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 32 : c);
    }
    return s;
  }
  return utf8Decode(buf, start, end)
    .replace(/\0/g, '\ufffd')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}
