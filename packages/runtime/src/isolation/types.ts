/**
 * The edge boundary: the HTTP server (main thread) hands each client request to an `Edge` and gets
 * a response back. Two implementations run the same pipeline code: `EdgePool` (worker threads with
 * a CPU/memory watchdog) and `InProcessEdge` (no thread: tests and the testing package).
 *
 * The pipeline plugs in as a module exporting `createEdgeHandler(env)`; it is imported inside each
 * edge thread (or in-process) and called once per sandbox-hosting environment.
 */
import type { Readable } from 'node:stream';
import type { BundleInfo, SandboxProvider } from '../sandbox/types.ts';

export type HeaderPairs = Array<[string, string]>;

/**
 * A body at the edge boundary, kept in the form it has (the same union as the pipeline's `Body`):
 * bytes in memory, a Node stream (the client socket, or a body arriving from an edge thread), or a
 * web stream (createResponse). Converting only where a consumer needs another form keeps the
 * proxy path from converting twice.
 */
export type EdgeBody = null | string | Uint8Array | Readable | ReadableStream<Uint8Array>;

export interface EdgeRequest {
  /** Pool-assigned request number (unique per Edge); pass it to `Sandbox.invoke` as `requestId`. */
  id: number;
  method: string;
  /** Path and query as received, e.g. `/a/b?c=1`. */
  url: string;
  /** Raw header pairs in arrival order (names as sent). */
  headers: HeaderPairs;
  /** Scheme of the listener the client used (decision 30). */
  scheme: 'http' | 'https';
  remoteAddress: string;
  body: EdgeBody;
}

export interface EdgeResponse {
  status: number;
  headers: HeaderPairs;
  body: EdgeBody;
}

/**
 * The pipeline's entry point for one request: the response, or its promise when the pipeline had
 * to wait (most pass-through requests wait only for the origin). A throw is a failure of the
 * pipeline itself, as a rejection is.
 */
export type EdgeHandler = (request: EdgeRequest) => EdgeResponse | Promise<EdgeResponse>;

/** What the pipeline gets when an environment (a thread, or the in-process edge) starts. */
export interface EdgeEnvironment {
  sandboxes: SandboxProvider;
  info: BundleInfo;
  /** Pipeline options exactly as given to the Edge (must be structured-cloneable for threads). */
  options: unknown;
  /** Warnings found while loading (e.g. a broken bundle.json, decision 31). */
  warnings: readonly string[];
}

export type EdgeHandlerFactory = (env: EdgeEnvironment) => EdgeHandler | Promise<EdgeHandler>;

/** Where the pipeline lives: a module URL (or absolute path) and the factory's export name. */
export interface PipelineModule {
  module: string;
  /** Default `createEdgeHandler`. */
  export?: string;
}

export interface Edge {
  readonly info: BundleInfo;
  readonly warnings: readonly string[];
  handle(request: EdgeRequest): Promise<EdgeResponse>;
  close(): Promise<void>;
}
