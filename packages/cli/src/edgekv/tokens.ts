/**
 * Local EdgeKV access tokens. Real tokens are JWTs issued by Akamai that name the namespaces they
 * grant (with r/w/d permissions), the networks and an expiry; the helper sends the value from
 * `edgekv_tokens.js` in `X-Akamai-EdgeDB-Auth`. Weft issues JWT-shaped tokens of the same kind,
 * signed with HS256 under a fixed, public key: they are not secrets and grant nothing beyond the
 * local service. The service checks, for every call:
 * - the header is present and the value is three base64url parts whose first two are JSON;
 * - a Weft token (`iss` = LOCAL_TOKEN_ISSUER) carries a valid signature (a hand-edited one fails);
 * - `exp` (seconds) is in the future;
 * - the payload grants the namespace the permission the method needs (GET r, PUT w, DELETE d), in
 *   `namespaces: { "<ns>": ["r","w","d"] }` or as a `namespace-<ns>` claim listing permissions.
 * A token from another issuer is checked on its claims alone (its signature cannot be checked
 * offline). `X-Akamai-EdgeDB-Auth-Ref` references are accepted as given: only Akamai can resolve them.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const LOCAL_TOKEN_ISSUER = 'weft-local-edgekv';
const LOCAL_TOKEN_KEY = 'weft local EdgeKV tokens are not secret';

export type Permission = 'r' | 'w' | 'd';
export const PERMISSION_OF_METHOD: Readonly<Record<string, Permission>> = { GET: 'r', HEAD: 'r', PUT: 'w', DELETE: 'd' };
const PERMISSION_NAMES: Readonly<Record<Permission, string>> = { r: 'read', w: 'write', d: 'delete' };

export interface LocalTokenClaims {
  iss: typeof LOCAL_TOKEN_ISSUER;
  /** The token's name (the vendor CLI's `<token_name>`). */
  name: string;
  iat: number;
  exp: number;
  namespaces: Record<string, Permission[]>;
}

const base64url = (text: string): string => Buffer.from(text).toString('base64url');
const sign = (input: string): string => createHmac('sha256', LOCAL_TOKEN_KEY).update(input).digest('base64url');

export interface CreateTokenOptions {
  name: string;
  namespaces: Record<string, readonly Permission[]>;
  expiresAt: Date;
  now?: Date;
}

export function createLocalToken(options: CreateTokenOptions): string {
  const claims: LocalTokenClaims = {
    iss: LOCAL_TOKEN_ISSUER,
    name: options.name,
    iat: Math.floor((options.now ?? new Date()).getTime() / 1000),
    exp: Math.floor(options.expiresAt.getTime() / 1000),
    namespaces: Object.fromEntries(Object.entries(options.namespaces).map(([ns, perms]) => [ns, [...perms]])),
  };
  const input = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${sign(input)}`;
}

export type TokenCheck = { ok: true } | { ok: false; status: 401 | 403; reason: string };

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch (error) {
    // A token part that is not base64url JSON is a malformed token, which the caller answers with 401.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function grantedPermissions(claims: Record<string, unknown>, namespace: string): unknown {
  const map = claims.namespaces;
  if (map !== null && typeof map === 'object' && Object.hasOwn(map, namespace)) return (map as Record<string, unknown>)[namespace];
  return claims[`namespace-${namespace}`];
}

const HOW_TO_FIX = (namespace: string): string => `create a local token with \`weft kv token ${namespace}\` (it writes edgekv_tokens.js)`;

export function checkToken(value: string | undefined, namespace: string, method: string, nowMs: number): TokenCheck {
  if (value === undefined || value.trim() === '') {
    return { ok: false, status: 401, reason: `no X-Akamai-EdgeDB-Auth header; the helper sends the value of "namespace-${namespace}" from edgekv_tokens.js: ${HOW_TO_FIX(namespace)}` };
  }
  const parts = value.trim().split('.');
  const header = parts.length === 3 ? decodePart(parts[0] ?? '') : undefined;
  const claims = parts.length === 3 ? decodePart(parts[1] ?? '') : undefined;
  if (header === undefined || claims === undefined) {
    return { ok: false, status: 401, reason: `the X-Akamai-EdgeDB-Auth value is not a JWT (header.payload.signature, base64url JSON); ${HOW_TO_FIX(namespace)}` };
  }
  if (claims.iss === LOCAL_TOKEN_ISSUER) {
    const expected = Buffer.from(sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2] ?? '');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, status: 401, reason: `the local token's signature does not match its content (was it edited by hand?); ${HOW_TO_FIX(namespace)}` };
    }
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= nowMs) {
    return { ok: false, status: 401, reason: `the token expired at ${new Date(claims.exp * 1000).toISOString()}; ${HOW_TO_FIX(namespace)}` };
  }
  const granted = grantedPermissions(claims, namespace);
  if (!Array.isArray(granted)) {
    return { ok: false, status: 403, reason: `the token${typeof claims.name === 'string' ? ` "${claims.name}"` : ''} does not grant namespace "${namespace}"; ${HOW_TO_FIX(namespace)}` };
  }
  const needed = PERMISSION_OF_METHOD[method.toUpperCase()];
  if (needed !== undefined && !granted.includes(needed)) {
    return { ok: false, status: 403, reason: `the token grants namespace "${namespace}" ${granted.length === 0 ? 'no permission' : `only ${granted.join('')}`}, but ${method} needs ${PERMISSION_NAMES[needed]} (${needed}); create one with \`weft kv token ${namespace} --permissions rwd\`` };
  }
  return { ok: true };
}
