// Mock recommendation API: GET /recommendations?user=<id>&country=<CC>. It is slowish (80 ms), and
// fails (503) for user u3003 so the app shows how an optional source degrades.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PRODUCTS, sendJson } from './catalog.ts';

export default function recommendations(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://recs.local');
  const user = url.searchParams.get('user') ?? '';
  setTimeout(() => {
    if (user === 'u3003') return sendJson(res, 503, { error: 'model warming up' }, 'no-store');
    const picks = ['SOCK-11', 'BOOT-02'].map((sku) => ({ sku, name: PRODUCTS[sku]?.name ?? sku, reason: `popular in ${url.searchParams.get('country') ?? 'your area'}` }));
    sendJson(res, 200, { items: picks }, 'public, max-age=120');
  }, 80);
}
