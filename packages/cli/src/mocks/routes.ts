/**
 * A mock origin declared by routes: `"GET /api/*"` or `"/path"` → a canned response. The most
 * specific route wins (exact before prefix, longer prefix first, a method before "any method").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockResponseConfig } from '../config/schema.ts';

interface Route {
  method: string | undefined;
  path: string;
  prefix: boolean;
  response: MockResponseConfig;
}

function parseRoute(key: string, response: MockResponseConfig): Route {
  const [first, second] = key.split(' ');
  const method = second === undefined ? undefined : first;
  const target = second ?? first ?? '/';
  const prefix = target.endsWith('*');
  return { method, path: prefix ? target.slice(0, -1) : target, prefix, response };
}

function specificity(route: Route): number {
  return (route.prefix ? 0 : 1_000_000) + route.path.length * 2 + (route.method === undefined ? 0 : 1);
}

/** A node:http request handler; what it returns is ignored (a promise is awaited for errors). */
export type NodeHandler = (request: IncomingMessage, response: ServerResponse) => unknown;

export function routesHandler(routes: Record<string, MockResponseConfig>): NodeHandler {
  const table = Object.entries(routes).map(([key, response]) => parseRoute(key, response)).sort((a, b) => specificity(b) - specificity(a));
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://mock.invalid');
    const method = request.method ?? 'GET';
    const route = table.find((candidate) => (candidate.method === undefined || candidate.method === method || (method === 'HEAD' && candidate.method === 'GET')) && (candidate.prefix ? url.pathname.startsWith(candidate.path) : url.pathname === candidate.path));
    // Drain the request body so keep-alive connections stay usable.
    for await (const chunk of request) void chunk;
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: `no mock route matches ${method} ${url.pathname}`, routes: Object.keys(routes) }));
      return;
    }
    const spec = typeof route.response === 'string' ? { body: route.response } : route.response;
    if (spec.delayMs !== undefined && spec.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, spec.delayMs));
    const headers: Record<string, string> = { ...spec.headers };
    let body = spec.body ?? '';
    const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
    if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      if (!hasType) headers['content-type'] = 'application/json';
    } else if (!hasType) {
      headers['content-type'] = 'text/plain; charset=utf-8';
    }
    response.writeHead(spec.status ?? 200, headers);
    response.end(method === 'HEAD' ? undefined : body);
  };
}
