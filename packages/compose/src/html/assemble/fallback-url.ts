/**
 * A slot's `fallbackUrl`: a second fragment URL fetched when the first gives no usable answer (a
 * status of 500 or more, a network failure, a timeout). A 4xx is an answer (the fragment says the
 * content is not there) and goes to the slot's fallback content directly. The switch is a warning
 * in the trace (`compose-fallback`); the slot's fallback content stays the last resort.
 */
import type { RunEnv } from '../../core/index.ts';
import { errorText, reportWarning } from '../../core/report.ts';
import type { HttpResponse } from '../platform.ts';
import { releaseBody, requestFragment, type FragmentRequest } from './fetch-fragment.ts';

/**
 * The primary URL's response, or the fallback URL's when the primary failed; rejects when neither
 * answered. `onSwitch` hears why the fallback URL was fetched (for the page's plan).
 */
export async function requestWithFallbackUrl(
  request: FragmentRequest,
  fallbackUrl: string | undefined,
  env: RunEnv,
  onSwitch?: (why: string) => void,
): Promise<HttpResponse> {
  if (fallbackUrl === undefined) return requestFragment(request, env);
  let why: string;
  try {
    const response = await requestFragment(request, env);
    if (response.status < 500) return response;
    releaseBody(response);
    why = `GET ${request.url} answered ${response.status}`;
  } catch (error) {
    why = errorText(error);
  }
  reportWarning('compose-fallback', `${request.name}: ${why}; fetching its fallbackUrl ${fallbackUrl}`);
  onSwitch?.(why);
  return requestFragment({ ...request, url: fallbackUrl }, env);
}
