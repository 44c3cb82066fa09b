/// <reference types="akamai-edgeworkers" />
/**
 * Builds the responseProvider's answer with the platform's `createResponse` (spec §9): a JSON body,
 * a `Cache-Control` derived from the sources unless the author set one, and the completed flag
 * (KrakenD's `X-KrakenD-Completed`) saying whether every source that should answer did.
 */
import { createResponse } from 'create-response';
import { TextEncoder } from 'encoding';
import { ReadableStream } from 'streams';
import { PROBLEM_CONTENT_TYPE, type Problem } from './problem.ts';

/** spec §9, §21.2: a string body may hold at most 100,000 bytes; larger bodies must be a stream. */
export const STRING_BODY_LIMIT = 100_000;
const CHUNK = 16 * 1024;

export const DEFAULT_COMPLETED_HEADER = 'X-Compose-Completed';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export type HeaderMap = Readonly<Record<string, string | readonly string[]>>;

/** A response a rule or composition answers with. */
export interface ResponseSpec {
  status?: number;
  headers?: HeaderMap;
  /** Serialised as JSON (content type application/json). */
  json?: unknown;
  /** Sent as is (set the content type yourself). */
  body?: string;
}

export function jsonResponse(status: number, headers: HeaderMap, json: unknown): object {
  const out: Record<string, string | string[]> = { 'content-type': JSON_CONTENT_TYPE };
  assign(out, headers);
  return createResponse(status, out, body(JSON.stringify(json) ?? 'null'));
}

/** The string itself when it fits the platform's string-body limit, else a byte stream of it. */
export function body(text: string): string | ReadableStream<Uint8Array> {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit, so short strings need no encoding to decide.
  if (text.length * 3 <= STRING_BODY_LIMIT) return text;
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= STRING_BODY_LIMIT) return text;
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(bytes.subarray(offset, offset + CHUNK));
      offset += CHUNK;
      if (offset >= bytes.length) controller.close();
    },
  });
}

export function problemResponse(problem: Problem, completedHeader: string | false): object {
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' };
  if (completedHeader !== false) headers[completedHeader] = 'false';
  return createResponse(problem.status, headers, JSON.stringify(problem));
}

export function specResponse(spec: ResponseSpec): object {
  if (spec.json !== undefined) return jsonResponse(spec.status ?? 200, spec.headers ?? {}, spec.json);
  const headers: Record<string, string | string[]> = {};
  assign(headers, spec.headers ?? {});
  return createResponse(spec.status ?? 200, headers, body(spec.body ?? ''));
}

/** Later names replace earlier ones case-insensitively, so an author's header wins over a default. */
export function assign(target: Record<string, string | string[]>, extra: HeaderMap): void {
  for (const [name, value] of Object.entries(extra)) {
    const lower = name.toLowerCase();
    for (const existing of Object.keys(target)) if (existing.toLowerCase() === lower) delete target[existing];
    target[name] = typeof value === 'string' ? value : [...value];
  }
}
