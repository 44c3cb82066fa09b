/**
 * The EdgeWorkers API, as far as Weft uses it: every path, body and answer shape lives here, so a
 * correction of a fact about the API is a change of this one file. Requests are signed with
 * EdgeGrid (`EG1-HMAC-SHA256`) by Akamai's `akamai-edgegrid` package, which only computes the
 * Authorization header here; undici sends them, as every outbound request of Weft.
 *
 * Facts chosen where sources differ or are silent:
 * - The versions list answers `{ versions: [...] }`, an activation answers its record directly,
 *   and its `status` goes PRESUBMIT → PENDING → IN_PROGRESS → COMPLETE, or ends ABORTED (the API
 *   reference); FAILED is treated as an end too, in case an account reports it.
 * - secure-token takes `{ hostnames, expiry }` (minutes, 1 to 720; the reference's default 480) and
 *   answers `{ akamaiEwTrace }`, a JWT to send as the `Akamai-EW-Trace` header.
 * - validations answers `{ errors: [{ type, message }], warnings: [...] }` with the types of
 *   platform §23.3.
 * - Errors are problem documents `{ type, title, detail, status, instance }`.
 */
import EdgeGrid from 'akamai-edgegrid';
import { errors as undiciErrors, request, type Dispatcher } from 'undici';
import { apiEndpoint, type EdgegridCredentials } from './edgerc.ts';
import { ApiUnreachableError, EdgeWorkersApiError, type Problem } from '../errors.ts';

export type Network = 'STAGING' | 'PRODUCTION';

export interface VersionRecord {
  edgeWorkerId: number;
  version: string;
  checksum?: string;
  createdBy?: string;
  createdTime?: string;
}

export interface ActivationRecord {
  activationId: number;
  edgeWorkerId: number;
  version: string;
  network: Network;
  status: string;
  createdTime?: string;
  lastModifiedTime?: string;
}

export interface PlatformIssue {
  type: string;
  message: string;
}

export interface PlatformValidation {
  errors: PlatformIssue[];
  warnings: PlatformIssue[];
}

/** Activation statuses after which nothing changes: true when it succeeded. */
export const FINAL_STATUSES: Readonly<Record<string, boolean>> = { COMPLETE: true, ABORTED: false, FAILED: false };

export interface ClientOptions {
  /** undici's global dispatcher when absent. */
  dispatcher?: Dispatcher;
  /** Attempts of a request that may be repeated (GET), on a network error or a 502/503/504. Default 3. */
  attempts?: number;
  /** Milliseconds before the second attempt, doubled for each next one. Default 500. */
  retryDelayMs?: number;
}

interface Call {
  /** What the user asked for, for error messages: `uploading version 1.2.0`. */
  what: string;
  method: 'GET' | 'POST';
  path: string;
  body?: Uint8Array | string;
  contentType?: string;
  accept?: string;
  /** Whether the call may be sent again after a network error (reads only; an upload decides itself). */
  repeatable: boolean;
}

/** The connection failed or broke: undici's own errors, and the system's (ECONNREFUSED, ECONNRESET). */
export function isNetworkError(error: unknown): boolean {
  if (error instanceof undiciErrors.UndiciError) return !(error instanceof undiciErrors.ResponseError);
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code ?? '');
}

function hintFor(status: number): string {
  if (status === 401) return 'the credentials in .edgerc were refused: check client_token, client_secret and access_token against the API client in Control Center, and that the machine\'s clock is right (EdgeGrid signatures expire)';
  if (status === 403) return 'the API client lacks access: grant it the EdgeWorkers API (READ-WRITE) in Control Center, or use the section of another client with --section';
  if (status === 404) return 'check the EdgeWorker ID (--ew-id): it must be one of this account\'s (Control Center > EdgeWorkers)';
  if (status === 429) return 'the API is rate limiting this client; wait a minute and run the command again';
  if (status >= 500) return 'the platform failed; run the command again later';
  return 'fix what the detail names and run the command again';
}

function problemOf(status: number, bytes: Uint8Array): Problem {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Problem>;
    return { type: parsed.type, title: parsed.title, detail: parsed.detail, instance: parsed.instance, status: typeof parsed.status === 'number' ? parsed.status : status };
  } catch {
    // Not a problem document (a proxy's HTML page, say): the status alone is reported.
    return { status, detail: new TextDecoder().decode(bytes.subarray(0, 200)).trim() || undefined };
  }
}

export class EdgeWorkersClient {
  readonly #signer: EdgeGrid;
  readonly #sendTo: string;
  readonly #options: Required<Omit<ClientOptions, 'dispatcher'>> & { dispatcher?: Dispatcher };

  constructor(credentials: EdgegridCredentials, options: ClientOptions = {}) {
    const endpoint = apiEndpoint(credentials.host);
    this.#sendTo = endpoint.sendTo;
    this.#signer = new EdgeGrid(credentials.clientToken, credentials.clientSecret, credentials.accessToken, endpoint.signedFor);
    this.#options = { attempts: options.attempts ?? 3, retryDelayMs: options.retryDelayMs ?? 500, dispatcher: options.dispatcher };
  }

  async listVersions(ewId: number): Promise<VersionRecord[]> {
    const answer = await this.#json<{ versions?: VersionRecord[] }>({ what: `listing the versions of EdgeWorker ${ewId}`, method: 'GET', path: `/edgeworkers/v1/ids/${ewId}/versions`, repeatable: true });
    return answer.versions ?? [];
  }

  /** The tarball of an uploaded version. */
  async versionContent(ewId: number, version: string): Promise<Uint8Array> {
    return this.#send({ what: `reading version ${version} of EdgeWorker ${ewId}`, method: 'GET', path: `/edgeworkers/v1/ids/${ewId}/versions/${encodeURIComponent(version)}/content`, accept: 'application/gzip', repeatable: true });
  }

  /** Sent once: a repeat after a network error is the caller's decision (deploy/upload.ts). */
  createVersion(ewId: number, tgz: Uint8Array, version: string): Promise<VersionRecord> {
    return this.#json({ what: `uploading version ${version} to EdgeWorker ${ewId}`, method: 'POST', path: `/edgeworkers/v1/ids/${ewId}/versions`, body: tgz, contentType: 'application/gzip', repeatable: false });
  }

  activate(ewId: number, network: Network, version: string): Promise<ActivationRecord> {
    return this.#json({ what: `activating version ${version} of EdgeWorker ${ewId} on ${network}`, method: 'POST', path: `/edgeworkers/v1/ids/${ewId}/activations`, body: JSON.stringify({ network, version }), contentType: 'application/json', repeatable: false });
  }

  activation(ewId: number, activationId: number): Promise<ActivationRecord> {
    return this.#json({ what: `reading activation ${activationId} of EdgeWorker ${ewId}`, method: 'GET', path: `/edgeworkers/v1/ids/${ewId}/activations/${activationId}`, repeatable: true });
  }

  /** Validation has no side effect, so it may be sent again. */
  async validate(tgz: Uint8Array): Promise<PlatformValidation> {
    const answer = await this.#json<Partial<PlatformValidation>>({ what: 'validating the bundle on the platform', method: 'POST', path: '/edgeworkers/v1/validations', body: tgz, contentType: 'application/gzip', repeatable: true });
    return { errors: answer.errors ?? [], warnings: answer.warnings ?? [] };
  }

  async secureToken(hostnames: readonly string[], expiryMinutes: number): Promise<string> {
    const answer = await this.#json<{ akamaiEwTrace?: unknown }>({ what: 'creating an Akamai-EW-Trace token', method: 'POST', path: '/edgeworkers/v1/secure-token', body: JSON.stringify({ hostnames, expiry: expiryMinutes }), contentType: 'application/json', repeatable: true });
    if (typeof answer.akamaiEwTrace !== 'string' || answer.akamaiEwTrace === '') throw new EdgeWorkersApiError('creating an Akamai-EW-Trace token', { status: 200, detail: 'the answer has no akamaiEwTrace value' }, 'report this to Akamai support with the command you ran');
    return answer.akamaiEwTrace;
  }

  async #json<T>(call: Call): Promise<T> {
    const bytes = await this.#send({ accept: 'application/json', ...call });
    try {
      return JSON.parse(new TextDecoder().decode(bytes)) as T;
    } catch (error) {
      throw new EdgeWorkersApiError(call.what, { status: 200, detail: `the answer is not JSON (${error instanceof Error ? error.message : String(error)})` }, 'check that host in .edgerc names the API host of your credentials');
    }
  }

  async #send(call: Call): Promise<Uint8Array> {
    const attempts = call.repeatable ? this.#options.attempts : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const { status, body } = await this.#once(call);
        if (status >= 200 && status < 300) return body;
        if (!(call.repeatable && attempt < attempts && [502, 503, 504].includes(status))) throw new EdgeWorkersApiError(call.what, problemOf(status, body), hintFor(status));
      } catch (error) {
        if (!isNetworkError(error)) throw error;
        if (attempt >= attempts) {
          throw new ApiUnreachableError(`${call.what}: the EdgeWorkers API at ${this.#sendTo} could not be reached (${error instanceof Error ? error.message : String(error)})${attempts > 1 ? ` after ${attempts} attempts` : ''}; check the network and host in .edgerc, then run the command again`, { cause: error });
        }
      }
      await new Promise((resolve) => setTimeout(resolve, this.#options.retryDelayMs * 2 ** (attempt - 1)));
    }
  }

  async #once(call: Call): Promise<{ status: number; body: Uint8Array }> {
    const headers: Record<string, string> = { Accept: call.accept ?? 'application/json', ...(call.contentType === undefined ? {} : { 'Content-Type': call.contentType }) };
    // Signed afresh for every attempt: the signature carries a timestamp and a nonce.
    const signed = this.#signer.auth({ path: call.path, method: call.method, headers, ...(call.body === undefined ? {} : { body: typeof call.body === 'string' ? call.body : Buffer.from(call.body.buffer, call.body.byteOffset, call.body.byteLength) }) }).request as { url?: unknown; headers?: Record<string, unknown> };
    const authorization = signed.headers?.Authorization;
    if (typeof authorization !== 'string' || typeof signed.url !== 'string') throw new Error('akamai-edgegrid returned no signed request');
    const url = new URL(signed.url);
    const response = await request(`${this.#sendTo}${url.pathname}${url.search}`, {
      method: call.method,
      headers: { ...headers, Authorization: authorization },
      body: call.body,
      ...(this.#options.dispatcher === undefined ? {} : { dispatcher: this.#options.dispatcher }),
    });
    return { status: response.statusCode, body: new Uint8Array(await response.body.arrayBuffer()) };
  }
}
