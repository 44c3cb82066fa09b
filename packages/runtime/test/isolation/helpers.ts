/** Helpers for edge tests: build requests, read responses. */
import type { Edge, EdgeRequest, EdgeResponse } from '../../src/isolation/types.ts';

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

export async function text(response: EdgeResponse): Promise<string> {
  return response.body === null ? '' : new Response(response.body).text();
}

export async function json(edge: Edge, url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await edge.handle(request(url));
  return { status: response.status, body: JSON.parse(await text(response)) as Record<string, unknown> };
}

export function header(response: EdgeResponse, name: string): string | undefined {
  return response.headers.find(([key]) => key.toLowerCase() === name)?.[1];
}
