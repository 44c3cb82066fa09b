/** The page the TTFB benchmark assembles: a ~2 KB head, then five fragments, one of them slow. */
export const FRAGMENT_HOST = 'fragments.bench.example';

/** Fragment path → [delay ms, body]. The slowest answers after 500 ms. */
export const FRAGMENTS: Record<string, [number, string]> = {
  '/header': [5, '<header class="site"><a href="/">Shop</a><nav><a href="/new">New</a> <a href="/sale">Sale</a></nav></header>'],
  '/hero': [20, '<section class="hero"><h1>Winter collection</h1></section>'],
  '/promotions': [60, '<section class="promotions"><ul><li>-30% on scarves</li><li>Free delivery</li></ul></section>'],
  '/recommendations': [500, '<section class="recommendations"><ul><li>Wool scarf</li><li>Gloves</li></ul></section>'],
  '/footer': [5, '<footer>© Shop</footer>'],
};

const HEAD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
${Array.from({ length: 20 }, (_, i) => `<link rel="preload" href="/assets/chunk-${i}.js" as="script">`).join('\n')}
<style>body{font-family:system-ui;margin:0}header.site{display:flex;gap:1rem}.hero h1{font-size:3rem}</style>
</head><body>`;

/** The template with Weft slots. */
export const WEFT_TEMPLATE = `${HEAD}
<weft-slot name="header"></weft-slot><main><weft-slot name="hero"></weft-slot><weft-slot name="promotions"></weft-slot><weft-slot name="recommendations"></weft-slot></main><weft-slot name="footer"></weft-slot>
</body></html>`;

/** The same page as Tailor's template (fragments fetched from the fragment origin). */
export function tailorTemplate(origin: string): string {
  const tag = (path: string) => `<fragment src="${origin}${path}" timeout="3000"></fragment>`;
  return `${HEAD}
${tag('/header')}<main>${tag('/hero')}${tag('/promotions')}${tag('/recommendations')}</main>${tag('/footer')}
</body></html>`;
}

/** The template alone (no slots): its own first byte is the floor for any assembled page. */
export const PLAIN_TEMPLATE = `${HEAD}<main></main></body></html>`;

/** The script the injection benchmarks append to <head> (workers/inject.ts, wasm-in-process.ts). */
export const RUM_SCRIPT = '<script src="/rum.js" defer></script>';
