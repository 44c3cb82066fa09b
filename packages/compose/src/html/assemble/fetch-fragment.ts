/**
 * One fragment sub-request: counted against the platform's 50, started through the composition's
 * limiter, its timeout shrunk to the time the deadline leaves. Unlike a JSON source, the body is
 * not read here: the caller streams it into the page.
 */
import type { RunEnv } from '../../core/index.ts';
import { FragmentError } from '../errors.ts';
import { httpRequest, type HttpResponse } from '../platform.ts';

export interface FragmentRequest {
  name: string;
  url: string;
  timeout: number | undefined;
  headers: Readonly<Record<string, string>>;
  /** Told each time the sub-request is really sent (for the page's plan). */
  onSent?: (url: string) => void;
}

/** Resolves with the response whatever its status; rejects when no response arrived. */
export function requestFragment(request: FragmentRequest, env: RunEnv): Promise<HttpResponse> {
  const { name, url } = request;
  return env.limiter.run(async () => {
    if (env.subrequests.used >= env.subrequests.max) {
      throw new FragmentError(name, `not requested: the page already made ${env.subrequests.used} sub-requests, the platform's limit (spec §21)`);
    }
    const slot = env.budget.slot(request.timeout);
    if (slot === undefined) throw new FragmentError(name, `not requested: the page's deadline of ${env.budget.totalMs} ms has passed`);
    env.subrequests.used++;
    request.onSent?.(url);
    try {
      return await httpRequest(url, { headers: { ...request.headers }, ...(slot.timeout === undefined ? {} : { timeout: slot.timeout }) });
    } catch (cause) {
      const budget = slot.timeout === undefined ? '' : ` (timeout ${slot.timeout} ms)`;
      throw new FragmentError(name, `GET ${url} failed${budget}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    } finally {
      env.budget.settled(slot);
    }
  });
}

/** The response when it is a success (2xx); otherwise its body is released and the promise rejects. */
export async function okFragment(request: FragmentRequest, env: RunEnv): Promise<HttpResponse> {
  const response = await requestFragment(request, env);
  if (response.ok) return response;
  releaseBody(response);
  throw new FragmentError(request.name, `GET ${request.url} answered ${response.status}`);
}

// A body the page does not use: a failure to cancel it has no reader to reach and changes no outcome.
export function releaseBody(response: HttpResponse): void {
  void Promise.resolve()
    .then(() => response.body.cancel('not used'))
    .catch(() => {});
}
