/**
 * A mock module's default export as the node:http handler its loopback server runs. Three shapes
 * are accepted, told apart without calling them: an object with a `fetch(request)` method (a Hono
 * app), a function of two or more parameters (a node:http handler, `(request, response)`, or an
 * Express-style app), and a function of at most one (a fetch handler, `(request) => Response`).
 * The fetch shapes are served through @hono/node-server.
 */
import { pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { tsImport } from 'tsx/esm/api';
import { MockOriginError } from '../errors.ts';
import type { NodeHandler } from './routes.ts';

/** `(request) => Response`, the shape of a Hono app's `fetch` and of a plain fetch handler. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

const SHAPES = 'a node:http request handler (request, response) => void, a fetch handler (request: Request) => Response | Promise<Response>, or an object with a fetch(request) method such as a Hono app';

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') {
    // A module without a default export, loaded as CommonJS, lands here with its named exports as keys.
    const keys = Object.keys(value).slice(0, 5);
    return `an object without a fetch method${keys.length === 0 ? '' : ` (keys: ${keys.join(', ')})`}`;
  }
  return typeof value;
}

/** Serves a fetch handler; a throw or a value that is not a Response answers 500 naming the mock. */
export function fetchListener(name: string, handle: FetchHandler): NodeHandler {
  const failure = (message: string): Response => new Response(`mock "${name}" failed: ${message}`, { status: 500, headers: { 'content-type': 'text/plain' } });
  const guarded = async (request: Request): Promise<Response> => {
    let response: unknown;
    try {
      response = await handle(request);
    } catch (error) {
      return failure(error instanceof Error ? error.message : String(error));
    }
    return response instanceof Response ? response : failure(`its fetch handler returned ${response === null ? 'null' : typeof response}, not a Response`);
  };
  // overrideGlobalObjects: false: the dev server and the runtime share this process and keep Node's own Request and Response.
  return getRequestListener(guarded, { overrideGlobalObjects: false });
}

/** The node:http handler for a mock module's default export, or a MockOriginError naming the accepted shapes. */
export function handlerOf(name: string, file: string, exported: unknown): NodeHandler {
  if (typeof exported === 'object' && exported !== null && 'fetch' in exported && typeof exported.fetch === 'function') {
    const app = exported as { fetch: FetchHandler };
    return fetchListener(name, (request) => app.fetch(request));
  }
  if (typeof exported === 'function') {
    return exported.length >= 2 ? (exported as NodeHandler) : fetchListener(name, exported as FetchHandler);
  }
  throw new MockOriginError(`mock "${name}": ${file} must default-export ${SHAPES}; it exports ${describeValue(exported)}`);
}

export async function moduleHandler(name: string, file: string): Promise<NodeHandler> {
  let loaded: { default?: unknown };
  try {
    loaded = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
  } catch (error) {
    throw new MockOriginError(`mock "${name}": cannot load ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let exported = loaded.default;
  // A module compiled as CommonJS wraps its ESM default export once more.
  if (typeof exported === 'object' && exported !== null && !('fetch' in exported) && 'default' in exported) exported = (exported as { default: unknown }).default;
  return handlerOf(name, file, exported);
}
