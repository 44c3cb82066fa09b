/**
 * Generated HTML for the rewriter benchmark: a product listing page dense in tags, attributes,
 * entities and inline scripts, plus two other real-world shapes (a text-heavy article and an app
 * shell with a large inline JSON state). Deterministic (seeded), so runs compare like with like.
 */
import { Random } from '../../packages/html/test/support/random.ts';

const WORDS = ['Deluxe', 'Espresso', 'Maker', 'Café', 'Ceramic', 'Mug', 'Grinder', 'Kettle', 'Steel', 'Brew', 'Pro', 'Mini', 'Set', 'Filter', 'Glass'];

export function listingHead(rnd = new Random(1)): string {
  const menu = Array.from({ length: 12 }, (_, i) => `<li class="menu-item"><a href="/c/${i}?utm_source=nav&amp;utm_medium=menu" data-track="nav-${i}">${rnd.pick(WORDS)} &amp; ${rnd.pick(WORDS)}</a></li>`).join('');
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Shop &amp; Co — Coffee gear</title>' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/css/app.css?v=20260101">' +
    '<link rel="preload" as="font" href="/f/inter.woff2" crossorigin>' +
    '<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date());' +
    'for(var i=0;i<3&&i>-1;i++){if(document.cookie.indexOf("ab=")<0){document.write("<meta name=ab content=1>")}}</script>' +
    '<style>.card>.img{aspect-ratio:1}.price:before{content:"\\20AC"}a[href^="http"]:not(.x){color:red}</style>' +
    '<script type="application/ld+json">{"@context":"https://schema.org","@type":"ItemList","name":"Coffee <gear>"}</script>' +
    `</head>\n<body class="listing page-1"><header class="site-header"><nav aria-label="Main"><ul class="menu">${menu}</ul></nav></header>\n` +
    '<main id="content"><h1 class="page-title">Coffee gear &mdash; 12,000 products</h1><ul class="products grid">\n'
  );
}

export function productCard(rnd: Random, n: number): string {
  const name = `${rnd.pick(WORDS)} ${rnd.pick(WORDS)} ${rnd.pick(WORDS)}`;
  const hero = n % 17 === 0 ? ' hero' : '';
  const price = (5 + rnd.int(400) + rnd.int(100) / 100).toFixed(2);
  return (
    `<li class="product-card${hero}" data-sku="SKU-${n}" data-position="${n % 48}">` +
    `<a class="link" href="/p/${n}-${name.toLowerCase().replace(/ /g, '-')}?ref=list&amp;pos=${n % 48}">` +
    `<img class="img${hero}" src="https://cdn.example.com/i/${n}/300x300.jpg" srcset="https://cdn.example.com/i/${n}/600x600.jpg 2x" alt="${name} &quot;${n}&quot;" width="300" height="300"></a>` +
    `<h3 class="title"><a href="/p/${n}" title="${name}">${name}&nbsp;&amp;&nbsp;more</a></h3>` +
    `<p class="price"><span class="currency">&euro;</span>${price}<del>&euro;${(Number(price) * 1.2).toFixed(2)}</del></p>` +
    `<div class="rating" aria-label="${rnd.int(5)} of 5"><i class="star"></i><i class="star"></i><i class="star half"></i></div>` +
    `<button type="button" class="btn add-to-cart" data-id="${n}" onclick="cart.add(${n}, {qty: 1 < 2 ? 1 : 2})">Add to cart</button>` +
    `<a class="external" rel="noopener" href="https://reviews.example.org/${n}">Reviews</a>` +
    `<!-- card ${n} --><script>track(${n},"list",{p:${price},v:"a<b&c>d"})</script></li>\n`
  );
}

export const LISTING_TAIL = '</ul></main><footer class="site-footer"><p>&copy; 2026 Shop &amp; Co</p><script src="/js/app.js" defer></script></footer></body></html>\n';

/** The listing page with cards until it is at least `minBytes` long. */
export function listingPage(minBytes: number): string {
  const rnd = new Random(42);
  const parts = [listingHead(rnd)];
  let size = parts[0].length;
  for (let n = 1; size < minBytes; n++) {
    const card = productCard(rnd, n);
    parts.push(card);
    size += card.length;
  }
  parts.push(LISTING_TAIL);
  return parts.join('');
}

/** A long article: mostly text with inline markup. */
export function articlePage(minBytes: number): string {
  const rnd = new Random(7);
  const parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>A long read</title><link rel="stylesheet" href="/a.css"></head><body><article class="post">'];
  let size = parts[0].length;
  for (let n = 0; size < minBytes; n++) {
    const words = Array.from({ length: 60 + rnd.int(60) }, () => rnd.pick(WORDS).toLowerCase()).join(' ');
    const p = `<h2 id="s${n}">Section ${n}</h2><p>${words} <a href="/ref/${n}">see&nbsp;also</a> ${words.slice(0, 80)} <em>emphasis</em> &amp; <code>x &lt; y</code>.</p>${n % 5 === 0 ? `<figure><img src="/img/${n}.png" alt="figure ${n}"><figcaption>Figure ${n}</figcaption></figure>` : ''}\n`;
    parts.push(p);
    size += p.length;
  }
  parts.push('</article></body></html>');
  return parts.join('');
}

/** An app shell: little markup, one huge inline JSON state script. */
export function appShellPage(minBytes: number): string {
  const rnd = new Random(9);
  const items: string[] = [];
  let size = 0;
  for (let n = 0; size < minBytes; n++) {
    const item = `{"id":${n},"name":"${rnd.pick(WORDS)} <${rnd.pick(WORDS)}>","html":"<div class=\\"c\\">${n}<\\/div>","price":${rnd.int(9999) / 100}}`;
    items.push(item);
    size += item.length + 1;
  }
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>App</title><script src="/runtime.js"></script></head><body><div id="root"><div class="spinner"></div></div><script>window.__STATE__={"items":[${items.join(',')}]};</script><img src="/pixel.gif" width="1" height="1"></body></html>`;
}

export { Random };
