/// <reference types="akamai-edgeworkers" />
/**
 * The built-in modules HTML assembly uses (injection adds 'html-rewriter' in inject/rewriter.ts). At the edge these are the
 * platform's own; locally the runtime (and Vitest, through aliases) supplies Weft's implementations.
 */
export { ReadableStream, TransformStream } from 'streams';
export { TextDecoder, TextEncoder } from 'encoding';
export { httpRequest } from 'http-request';
export type { HttpResponse } from 'http-request';
export { createResponse } from 'create-response';
export { logger } from 'log';
