/**
 * The page shell. Its head and everything up to the first slot leave at once; each slot is written
 * as soon as it and everything before it is ready. A slot's children are its fallback.
 */
import { html } from '@weft/compose';

export const SHELL = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Weft Shop</title>
<link rel="stylesheet" href="https://assets.weft.example/shop.css">
</head>
<body>
<weft-slot name="header"><header class="site-header"><a href="/">Weft Shop</a></header></weft-slot>
<main>
<weft-slot name="hero"></weft-slot>
<weft-slot name="promotions"><section class="promotions promotions-empty"><p>No promotions right now.</p></section></weft-slot>
<weft-slot name="recommendations"><section class="recommendations"><p>Recommendations are on their way.</p></section></weft-slot>
<weft-slot name="reviews"><section class="reviews reviews-unavailable"><p>Reviews are unavailable right now.</p></section></weft-slot>
</main>
<weft-slot name="footer"><footer class="site-footer"><p>© Weft Shop</p></footer></weft-slot>
</body>
</html>
`;
