/**
 * A fragment's assets, read from its `Link` response header (RFC 8288), as Tailor's fragments
 * declare theirs. The rule, one link at a time:
 *
 * - `rel=stylesheet` → a stylesheet;
 * - `rel=modulepreload` → a module script;
 * - `rel=preload; as=script`, or Tailor's `rel=fragment-script` → a classic script;
 * - anything else (`preconnect`, `preload; as=font`, …) is not an asset of the page and is ignored.
 *
 * Parsing is forgiving: a link it cannot read is skipped, never an error (it is the fragment's
 * header, and the page goes on).
 */
import type { Asset } from './asset.ts';

/** Splits on commas that are outside `<…>` and quoted strings. */
function splitLinks(value: string): string[] {
  const links: string[] = [];
  let start = 0;
  let inUrl = false;
  let inQuote = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (c === '<') inUrl = true;
    else if (c === '>') inUrl = false;
    else if (c === ',' && !inUrl) {
      links.push(value.slice(start, i));
      start = i + 1;
    }
  }
  links.push(value.slice(start));
  return links;
}

function parseLink(link: string): Asset | undefined {
  const match = /^\s*<([^>]*)>(.*)$/s.exec(link);
  const href = match?.[1]?.trim();
  if (match === null || href === undefined || href === '') return undefined;
  const params = new Map<string, string>();
  for (const part of (match[2] ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const value = part.slice(eq + 1).trim().replace(/^"(.*)"$/s, '$1');
    params.set(part.slice(0, eq).trim().toLowerCase(), value.toLowerCase());
  }
  const rels = (params.get('rel') ?? '').split(/\s+/);
  if (rels.includes('stylesheet')) return { href, kind: 'style' };
  if (rels.includes('modulepreload')) return { href, kind: 'module' };
  if (rels.includes('fragment-script') || (rels.includes('preload') && params.get('as') === 'script')) return { href, kind: 'script' };
  return undefined;
}

/** The assets named by a response's `Link` header values, in order. */
export function assetsFromLinkHeader(values: readonly string[] | null | undefined): Asset[] {
  const assets: Asset[] = [];
  for (const value of values ?? []) {
    for (const link of splitLinks(value)) {
      const asset = parseLink(link);
      if (asset !== undefined) assets.push(asset);
    }
  }
  return assets;
}
