/**
 * The commit point: the moment the page's status and headers are fixed and the first byte may
 * leave. Without a primary it is at once. With one (Tailor's idea) it is when the primary's
 * response headers arrive: its status becomes the page's (a redirect ends the page there) and the
 * chosen headers are copied. After the commit nothing can change the status: a later failure only
 * ever swaps a fragment for its fallback.
 */
import type { HttpResponse } from '../platform.ts';

export type PageHeaders = Record<string, string | string[]>;

export type PrimaryResult = { response: HttpResponse } | { error: unknown } | { status: number };

export interface Commit {
  status: number;
  headers: PageHeaders;
  /** A redirect from the primary: the page is the redirect alone. */
  redirect: boolean;
  /** Why the primary did not give its status, when it failed. */
  primaryError: unknown;
}

export interface CommitOptions {
  status: number;
  headers: PageHeaders;
  primaryHeaders: readonly string[];
  primaryFailureStatus: number;
}

export function decideCommit(primary: PrimaryResult | undefined, options: CommitOptions): Commit {
  const headers: PageHeaders = { ...options.headers };
  if (primary === undefined) return { status: options.status, headers, redirect: false, primaryError: undefined };
  if ('status' in primary) return { status: primary.status, headers, redirect: false, primaryError: undefined };
  if ('error' in primary) return { status: options.primaryFailureStatus, headers, redirect: false, primaryError: primary.error };
  const { response } = primary;
  const status = response.status;
  const redirect = status >= 300 && status < 400;
  const copied = redirect ? [...options.primaryHeaders, 'location'] : options.primaryHeaders;
  for (const name of copied) {
    const values = response.getHeader(name);
    if (values !== null && values !== undefined && values.length > 0) headers[name] = values.length === 1 ? (values[0] ?? '') : [...values];
  }
  if (redirect || (status >= 200 && status < 300)) return { status, headers, redirect, primaryError: undefined };
  // A client error (404, 410) is the page's answer; a server error is the page's failure.
  if (status >= 400 && status < 500) return { status, headers, redirect: false, primaryError: `primary answered ${status}` };
  return { status: options.primaryFailureStatus, headers, redirect: false, primaryError: `primary answered ${status}` };
}
