/**
 * `edgekv_tokens.js`, the file the helper imports: `edgekv_access_tokens` maps
 * `"namespace-<ns>"` to `{ name, value }` (or `{ name, reference }`). Written in the layout the
 * vendor CLI produces, with the entries of an existing file kept unless a namespace is replaced.
 */
import { existsSync, readFileSync } from 'node:fs';
import { EdgeKvError } from '../errors.ts';

export interface TokenEntry {
  name: string;
  value?: string;
  reference?: string;
}

export type TokenEntries = Record<string, TokenEntry>;

export const TOKENS_FILE = 'edgekv_tokens.js';

/** The object literal assigned to `edgekv_access_tokens`, up to the `export` that follows it. */
const TOKENS_LITERAL = /edgekv_access_tokens\s*=\s*(\{[\s\S]*\})\s*;?\s*export\b/;

export function renderTokensFile(entries: TokenEntries): string {
  const body = JSON.stringify(entries, null, 4).replace(/\n/g, '\n    ');
  return `// Written by \`weft kv token\`: local EdgeKV tokens, valid only on Weft's local service.
// Before deploying, replace this file with one from \`akamai edgekv create token\`.
var edgekv_access_tokens = ${body};
export { edgekv_access_tokens };
`;
}

/** The entries of an existing tokens file (empty when there is none). */
export function readTokensFile(file: string): TokenEntries {
  if (!existsSync(file)) return {};
  const literal = TOKENS_LITERAL.exec(readFileSync(file, 'utf8'))?.[1];
  let parsed: unknown;
  try {
    parsed = literal === undefined ? undefined : JSON.parse(literal);
  } catch (error) {
    // Hand-edited into something that is not JSON: the error below says what to do.
    if (!(error instanceof SyntaxError)) throw error;
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new EdgeKvError('WEFT_EDGEKV_TOKENS', `${file} exists but its edgekv_access_tokens object is not plain JSON, so its entries cannot be kept; pass --overwrite to replace the file`);
  }
  return parsed as TokenEntries;
}
