/** A pipeline reply (status, header pairs, any body form) as a WHATWG Response. */
import { readAll, type Body } from '@weft/runtime';

const NULL_BODY = new Set([101, 204, 205, 304]);

export async function toResponse(status: number, headers: ReadonlyArray<readonly [string, string]>, body: Body): Promise<Response> {
  const bytes = body === null ? null : new Uint8Array(await readAll(body));
  const list = new Headers();
  for (const [name, value] of headers) list.append(name, value);
  return new Response(NULL_BODY.has(status) || bytes === null ? null : bytes, { status, headers: list });
}
