/** Helpers for edge tests: build requests, read responses. */
import type { Edge, EdgeBody, EdgeRequest, EdgeResponse } from '../../src/isolation/types.ts';

export const PROBE = { module: new URL('./fixtures/probe-pipeline.ts', import.meta.url).href };

export function request(url: string, init: { method?: string; headers?: Array<[string, string]>; body?: Uint8Array | string } = {}): EdgeRequest {
  const bytes = typeof init.body === 'string' ? new TextEncoder().encode(init.body) : init.body;
  return {
    id: 0,
    method: init.method ?? (bytes === undefined ? 'GET' : 'POST'),
    url,
    headers: init.headers ?? [['host', 'www.example.com']],
    scheme: 'http',
    remoteAddress: '127.0.0.1',
    body: bytes === undefined ? null : new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(),
  };
}

/** Reads any edge body form to bytes. */
export async function bytes(body: EdgeBody): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  const parts: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) parts.push(chunk);
  return Buffer.concat(parts);
}

export async function text(response: EdgeResponse): Promise<string> {
  return new TextDecoder().decode(await bytes(response.body));
}

export async function json(edge: Edge, url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await edge.handle(request(url));
  return { status: response.status, body: JSON.parse(await text(response)) as Record<string, unknown> };
}

export function header(response: EdgeResponse, name: string): string | undefined {
  return response.headers.find(([key]) => key.toLowerCase() === name)?.[1];
}
