// Mock promotions API: GET /promotions/<COUNTRY> answers that country's offers as JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';

const OFFERS: Record<string, Array<{ title: string; href: string; discount: number }>> = {
  FR: [
    { title: 'Soldes d’hiver', href: '/fr/soldes', discount: 30 },
    { title: 'Livraison offerte dès 50 €', href: '/fr/livraison', discount: 0 },
  ],
  DE: [{ title: 'Winterschlussverkauf', href: '/de/sale', discount: 25 }],
  US: [
    { title: 'Holiday deals', href: '/us/deals', discount: 20 },
    { title: 'Free returns <always>', href: '/us/returns', discount: 0 },
  ],
};

export default function handler(req: IncomingMessage, res: ServerResponse): void {
  const match = /^\/promotions\/([A-Za-z]{2})$/.exec(req.url ?? '');
  if (match === null) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    return;
  }
  const country = (match[1] ?? '').toUpperCase();
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' });
  res.end(JSON.stringify({ country, items: OFFERS[country] ?? [] }));
}
