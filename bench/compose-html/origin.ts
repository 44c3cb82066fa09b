/** Loopback origins for the benchmark: delayed fragments, and big HTML pages generated as they stream. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FRAGMENTS } from './page.ts';

export interface Running {
  url: string;
  close(): Promise<void>;
}

function listen(server: Server): Promise<Running> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
      }),
    ),
  );
}

export function fragmentOrigin(): Promise<Running> {
  return listen(
    createServer((req, res) => {
      const entry = FRAGMENTS[req.url ?? ''];
      if (entry === undefined) return void res.writeHead(404).end();
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(entry[1]), entry[0]);
    }),
  );
}

/** One 64 KiB block of a tag-dense product listing (images, links, classes). */
function listingBlock(): Buffer {
  const item = (i: number) => `<li class="product" data-id="${i}"><a href="/p/${i}"><img src="/img/${i}.jpg" alt="Product ${i}"></a><span class="price">${(i % 97) + 0.99} €</span></li>\n`;
  let text = '';
  for (let i = 0; text.length < 64 * 1024; i++) text += item(i);
  return Buffer.from(text.slice(0, 64 * 1024 - 1).replace(/<[^>]*$/, '') + '\n');
}

/** What the page origin writes, one write each: the head, as many blocks as fit, the tail. */
export const PAGE_PARTS = {
  head: Buffer.from('<!doctype html><html><head><meta charset="utf-8"><title>Catalogue</title></head><body><ul class="products">\n'),
  block: listingBlock(),
  tail: Buffer.from('</ul></body></html>\n'),
};

/** Serves `/page?mb=N`: an HTML page of about N MB, generated chunk by chunk (nothing held). */
export function pageOrigin(): Promise<Running> {
  const { head, block: chunk, tail } = PAGE_PARTS;
  return listen(
    createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://origin');
      if (url.pathname === '/banner') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<div class="banner">Free delivery</div>');
      const total = Number(url.searchParams.get('mb') ?? '1') * 1024 * 1024;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      let sent = head.length;
      res.write(head);
      const pump = (): void => {
        while (sent + chunk.length + tail.length <= total) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end(tail);
      };
      pump();
    }),
  );
}
