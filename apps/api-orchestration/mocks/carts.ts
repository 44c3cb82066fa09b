// Mock cart API: GET /carts/<user id>.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CARTS, sendJson } from './catalog.ts';

export default function carts(req: IncomingMessage, res: ServerResponse): void {
  const id = /^\/carts\/([\w-]+)$/.exec(req.url ?? '')?.[1] ?? '';
  const items = CARTS[id];
  if (items === undefined) return sendJson(res, 404, { error: 'no cart for this user' }, 'no-store');
  sendJson(res, 200, { id: `cart-${id}`, items }, 'private, max-age=5');
}
