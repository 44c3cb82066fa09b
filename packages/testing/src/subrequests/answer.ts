/**
 * What a route of `mockSubrequests` answers: a status, headers and a body (or `json`), a network
 * failure (`error`), optionally after `delayMs`; or a WHATWG Response. Declared once as a schema,
 * so a misspelt field is reported with the route it belongs to.
 */
import { z } from '@weft/runtime/zod';
import { TestingError } from '../errors.ts';
import { hint } from '../suggest.ts';

export const answerSchema = z.strictObject({
  /** Default 200. */
  status: z.number().int().min(200).max(599).optional(),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  /** The body as text or bytes. */
  body: z.union([z.string(), z.instanceof(Uint8Array)]).optional(),
  /** A JSON body; sets `content-type: application/json` unless `headers` name one. */
  json: z.unknown().optional(),
  /** Fail the sub-request as a network error with this text: `httpRequest` rejects. */
  error: z.string().optional(),
  /** Answer after this many milliseconds (a sub-request `timeout` shorter than this rejects). */
  delayMs: z.number().int().min(0).optional(),
});

export type Answer = z.input<typeof answerSchema>;

/** An answer as the dispatcher sends it. */
export interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  body: Uint8Array;
  /** Delivered as a network error instead of a response. */
  failure: Error | undefined;
  delayMs: number;
}

const KNOWN = Object.keys(answerSchema.shape);

export async function toReply(value: unknown, route: string): Promise<Reply> {
  if (value instanceof Response) {
    const headers: Record<string, string[]> = {};
    value.headers.forEach((v, name) => (headers[name] = [...(headers[name] ?? []), v]));
    return { status: value.status, headers, body: new Uint8Array(await value.arrayBuffer()), failure: undefined, delayMs: 0 };
  }
  const parsed = answerSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue?.code === 'unrecognized_keys' ? issue.keys.map((key) => `unknown field "${key}"${hint(key, KNOWN)}`).join(', ') : `${issue?.path.join('.') || 'answer'}: ${issue?.message ?? 'invalid'}`;
    throw new TestingError(`mockSubrequests: the answer of route "${route}" is invalid: ${detail}. An answer is { status, headers, body | json, error, delayMs }, a Response, or a function returning one`);
  }
  const answer = parsed.data;
  if (answer.body !== undefined && answer.json !== undefined) throw new TestingError(`mockSubrequests: the answer of route "${route}" gives both body and json; give one`);
  const headers: Record<string, string | string[]> = { ...answer.headers };
  let body = answer.body ?? '';
  if (answer.json !== undefined) {
    body = JSON.stringify(answer.json);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  return { status: answer.status ?? 200, headers, body: typeof body === 'string' ? new TextEncoder().encode(body) : body, failure: answer.error === undefined ? undefined : new Error(answer.error), delayMs: answer.delayMs ?? 0 };
}
