/** Attributes of a template tag (`<weft-slot name="x">`, `<esi:include src=… alt=…/>`). */
export type Attributes = Readonly<Record<string, string>>;

const ATTRIBUTE = /([^\s"'=<>`/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const ENTITY = /&(amp|lt|gt|quot|apos|#39|#x27);/g;
const ENTITY_VALUES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };

/** Parses the inside of a start tag after its name (`src="/a" onerror=continue`). Names are lower-cased. */
export function parseAttributes(source: string): Attributes {
  // No prototype: an attribute named "constructor" or "__proto__" is an attribute like any other.
  const out = Object.create(null) as Record<string, string>;
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(source); m !== null; m = ATTRIBUTE.exec(source)) {
    const name = (m[1] ?? '').toLowerCase();
    if (name === '' || name in out) continue;
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    out[name] = value.replace(ENTITY, (_, e: string) => ENTITY_VALUES[e] ?? `&${e};`);
  }
  return out;
}

/** Finds the `>` that ends a tag starting at `from`, skipping quoted attribute values; -1 if not yet seen. */
export function findTagEnd(text: string, from: number): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote !== '') {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '>') {
      return i;
    }
  }
  return -1;
}
