/**
 * Generates small, hostile-leaning HTML documents for the differential test: every construct
 * that moves token boundaries (raw text and RCDATA elements, script escapes, comments of every
 * odd shape, CDATA in svg/math, bogus comments, quoted `>` in attributes, self-closing tags,
 * select/table/template contexts), then mutates them byte-wise.
 */
import type { Random } from './random.ts';

const TAGS = [
  'html', 'head', 'body', 'title', 'meta', 'link', 'script', 'style', 'div', 'p', 'span', 'a', 'img',
  'ul', 'li', 'ol', 'dl', 'dd', 'dt', 'table', 'tr', 'td', 'th', 'tbody', 'caption', 'select', 'option',
  'optgroup', 'textarea', 'iframe', 'noscript', 'noembed', 'noframes', 'xmp', 'svg', 'math',
  'foreignObject', 'desc', 'mi', 'mtext', 'annotation-xml', 'path', 'template', 'h1', 'h2', 'b', 'i',
  'form', 'input', 'button', 'br', 'hr', 'pre', 'font', 'image', 'nobr', 'frameset', 'frame', 'x-widget',
];
const RARE = ['plaintext'];
const ATTR_NAMES = ['class', 'id', 'href', 'src', 'data-x', 'type', 'color', 'encoding', 'alt', 'x', 'ÄB'];
const TEXTS = ['hello', ' ', '\n', 'a < b', '1<2', '&amp;', '&lt;', '&notit;', 'é', '日本', '😀', '--', '->', 'x>y', '\r\n', '\0'];
const SCRIPT_BODIES = [
  'if (a<b) x()', '<!--', '-->', '<script>', '</script x>', '<!-- <script> </script> -->', '</scriptx>', '<\\/script>',
  '</SCRIPT', '--><!--', '<!--<script>x</script>-->', 'a</sc', '<!-- x -- >', '</style>',
];
const MARKUP = [
  '<!-- c -->', '<!---->', '<!-->', '<!--->', '<!-- a --!>', '<!-- a --!-->', '<!-- <!-- -->', '<!x>', '<?php echo 1 ?>',
  '</ x>', '</>', '<!DOCTYPE html>', '<!doctype html PUBLIC "a>b">', '<![CDATA[ x ]]>', '<![CDATA[]]]>', '< notag>',
  '<3', '</3>', '<a/b>', '<div/>', '<svg/>', '<br/>', '<p =x>', "<p a='>'>", '<p a="x"b=y>',
];

function attrs(rnd: Random): string {
  let s = '';
  const n = rnd.int(4);
  for (let i = 0; i < n; i++) {
    const name = rnd.pick(ATTR_NAMES);
    const sep = rnd.pick([' ', '  ', '\n', '/', ' / ']);
    switch (rnd.int(6)) {
      case 0:
        s += `${sep}${name}`;
        break;
      case 1:
        s += `${sep}${name}=${rnd.pick(['v', 'a/b', 'x>y', '"', "'", 'text/html', '&amp;'])}`;
        break;
      case 2:
        s += `${sep}${name}='${rnd.pick(['v', 'a > b', '"', 'text/html', ''])}'`;
        break;
      default:
        s += `${sep}${name}="${rnd.pick(['v w', 'a > b', "'", 'application/xhtml+xml', '', '&lt;x&gt;', 'red'])}"`;
    }
  }
  return s;
}

function content(rnd: Random, depth: number): string {
  let s = '';
  const n = 1 + rnd.int(depth > 2 ? 2 : 4);
  for (let i = 0; i < n; i++) {
    const r = rnd.int(10);
    if (r < 3) s += rnd.pick(TEXTS);
    else if (r < 4) s += rnd.pick(MARKUP);
    else {
      const tag = rnd.chance(0.01) ? rnd.pick(RARE) : rnd.pick(TAGS);
      const name = rnd.chance(0.1) ? tag.toUpperCase() : tag;
      const self = rnd.chance(0.1) ? '/' : '';
      s += `<${name}${attrs(rnd)}${self}>`;
      if (tag === 'script') s += rnd.pick(SCRIPT_BODIES) + (rnd.chance(0.5) ? rnd.pick(SCRIPT_BODIES) : '');
      else if (depth < 5 && rnd.chance(0.7)) s += content(rnd, depth + 1);
      if (rnd.chance(0.8)) s += `</${rnd.chance(0.85) ? name : rnd.pick(TAGS)}${rnd.chance(0.1) ? ' x="</y>"' : ''}>`;
    }
  }
  return s;
}

export function generateDocument(rnd: Random): string {
  const prefix = rnd.chance(0.5) ? '<!DOCTYPE html>' : '';
  return prefix + content(rnd, 0);
}

/** Mutations on the text (so the bytes stay valid UTF-8): delete, duplicate, insert a markup-significant character, truncate. */
export function mutate(rnd: Random, doc: string): string {
  let s = doc;
  const n = rnd.int(4);
  for (let k = 0; k < n && s.length > 0; k++) {
    const at = rnd.int(s.length);
    const len = 1 + rnd.int(Math.min(8, s.length - at));
    const op = rnd.int(4);
    if (op === 0) s = s.slice(0, at) + s.slice(at + len);
    else if (op === 1) s = s.slice(0, at + len) + s.slice(at);
    else if (op === 2) s = s.slice(0, at) + rnd.pick(['<', '>', '"', "'", '/', '-', '!', '=', ' ', ']', 'é']) + s.slice(at);
    else s = s.slice(0, at);
  }
  // Never leave half a surrogate pair behind.
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '?');
}
