/**
 * How the page writes assets: as elements in the document, as preload links in the page's `Link`
 * header, and as the value of `PMUSER_103_HINTS` for the platform's Early Hints behaviour (a
 * comma-separated list of link values, e.g. `<https://cdn.example/a.css>;rel=preload;as=style`).
 */
import { escapeAttribute } from '../escape.ts';
import type { Asset } from './asset.ts';

function nonceAttribute(nonce: string | undefined): string {
  return nonce === undefined ? '' : ` nonce="${escapeAttribute(nonce)}"`;
}

/** The element that loads an asset; classic scripts are `defer`red so their place never blocks parsing. */
export function assetElement(asset: Asset, nonce: string | undefined): string {
  const href = escapeAttribute(asset.href);
  const n = nonceAttribute(nonce);
  if (asset.kind === 'style') return `<link rel="stylesheet" href="${href}"${n}>`;
  if (asset.kind === 'module') return `<script type="module" src="${href}"${n}></script>`;
  return `<script src="${href}" defer${n}></script>`;
}

export function assetElements(assets: readonly Asset[], nonce: string | undefined): string {
  return assets.map((a) => assetElement(a, nonce)).join('');
}

// A URL inside `<…>` must not end the link early: `>` and the characters a header value cannot hold are percent-encoded.
function linkUrl(href: string): string {
  return href.replace(/[<>"\s,;]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** One preload link value: `<url>; rel=preload; as=style` (a module: `rel=modulepreload`). */
export function preloadLink(asset: Asset): string {
  const url = `<${linkUrl(asset.href)}>`;
  if (asset.kind === 'module') return `${url}; rel=modulepreload`;
  return `${url}; rel=preload; as=${asset.kind === 'style' ? 'style' : 'script'}`;
}

/** The page's `Link` header: one preload link per asset, comma-separated. */
export function preloadLinks(assets: readonly Asset[]): string {
  return assets.map(preloadLink).join(', ');
}

export const EARLY_HINTS_VARIABLE = 'PMUSER_103_HINTS';
/**
 * What one handler execution may set with `setVariable`: the sum of names and values is capped at
 * 1024 characters by default (platform §3.3).
 */
export const SET_VARIABLE_BUDGET = 1024;

/**
 * The value of `PMUSER_103_HINTS`: whole links only, as many as fit in `budget` characters
 * together with the variable's name (the rest are dropped, never cut in the middle).
 */
export function earlyHintsValue(assets: readonly Asset[], budget = SET_VARIABLE_BUDGET): string {
  let value = '';
  for (const asset of assets) {
    const link = preloadLink(asset).replace(/; /g, ';');
    const next = value === '' ? link : `${value}, ${link}`;
    if (EARLY_HINTS_VARIABLE.length + next.length > budget) break;
    value = next;
  }
  return value;
}
