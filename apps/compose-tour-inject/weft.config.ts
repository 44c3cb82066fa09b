import { defineConfig } from '@weft/cli';

const PAGE = `<!doctype html>
<html><head><title>Winter collection</title></head>
<body>
<p id="greeting">Hello!</p>
<img src="/scarf.jpg" alt="Wool scarf"><img src="/gloves.jpg" alt="Leather gloves">
<a class="external" href="https://blog.example/care">Caring for wool</a>
</body></html>
`;

export default defineConfig({
  entry: 'src/main.ts',
  port: 8706,
  origin: 'mock:origin',
  mocks: {
    origin: { routes: { 'GET /': { headers: { 'content-type': 'text/html; charset=utf-8' }, body: PAGE } } },
  },
  bundle: { 'edgeworker-version': '0.1.0', description: 'Compose tour: a script before </head> and attributes on matching elements' },
});
