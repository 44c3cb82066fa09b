/** One CSS or JS file a fragment needs, and how the page writes it. */
export type AssetKind = 'style' | 'script' | 'module';

export interface Asset {
  /** The URL as declared; two assets with the same `href` are one (the first declaration wins). */
  href: string;
  kind: AssetKind;
}
