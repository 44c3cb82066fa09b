// Mock user API: GET /users/<id> (profile) and GET /loyalty/<id> (points).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { USERS, sendJson } from './catalog.ts';

export default function users(req: IncomingMessage, res: ServerResponse): void {
  const match = /^\/(users|loyalty)\/([\w-]+)$/.exec(req.url ?? '');
  const user = match === null ? undefined : USERS[match[2] ?? ''];
  if (match === null || user === undefined) return sendJson(res, 404, { error: 'no such user' }, 'no-store');
  if (match[1] === 'loyalty') {
    const nextTier = user.tier === 'gold' ? null : user.tier === 'silver' ? 'gold' : 'silver';
    return sendJson(res, 200, { points: user.points, nextTier }, 'private, max-age=60');
  }
  sendJson(res, 200, { id: user.id, name: user.name, tier: user.tier }, 'private, max-age=60');
}
