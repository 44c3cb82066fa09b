/**
 * Puts a version on the platform exactly once. The version number is checked first: one that
 * exists with other content is refused (versions are never replaced), one that exists with this
 * very tarball is left as it is. When the connection breaks mid-upload the version may or may not
 * have been stored, so before sending again the versions are read back: the upload is repeated only
 * if it did not arrive, which makes the retry idempotent.
 */
import type { EdgeWorkersClient, VersionRecord } from './api-client.ts';
import { ApiUnreachableError, EdgeWorkersApiError, VersionExistsError } from '../errors.ts';

export interface UploadOptions {
  /** Attempts in all, when the connection breaks. Default 3. */
  attempts?: number;
  /** Milliseconds before sending again, doubled each time. Default 500. */
  retryDelayMs?: number;
  /** Progress notes (a broken connection, a retry). */
  note?: (line: string) => void;
}

export interface Uploaded {
  record: VersionRecord;
  /** `uploaded` now; `already` there with the same content before this run; `arrived` despite a broken connection. */
  how: 'uploaded' | 'already' | 'arrived';
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function refused(ewId: number, version: string, found: VersionRecord | undefined): VersionExistsError {
  const when = found?.createdTime === undefined ? '' : ` (uploaded ${found.createdTime}${found.createdBy === undefined ? '' : ` by ${found.createdBy}`})`;
  return new VersionExistsError(`version ${version} of EdgeWorker ${ewId} already exists with other content${when}, and a version is never replaced; raise "edgeworker-version" (bundle["edgeworker-version"] in weft.config.ts, or "version" in the app's package.json), build, and deploy again`);
}

/** The stored version named `version`, if it holds exactly `tgz`; throws VersionExistsError if it holds something else. */
async function existing(client: EdgeWorkersClient, ewId: number, version: string, tgz: Uint8Array): Promise<VersionRecord | undefined> {
  const found = (await client.listVersions(ewId)).find((entry) => entry.version === version);
  if (found === undefined) return undefined;
  if (!sameBytes(await client.versionContent(ewId, version), tgz)) throw refused(ewId, version, found);
  return found;
}

export async function uploadVersion(client: EdgeWorkersClient, ewId: number, version: string, tgz: Uint8Array, options: UploadOptions = {}): Promise<Uploaded> {
  const attempts = options.attempts ?? 3;
  const already = await existing(client, ewId, version, tgz);
  if (already !== undefined) return { record: already, how: 'already' };
  for (let attempt = 1; ; attempt++) {
    try {
      return { record: await client.createVersion(ewId, tgz, version), how: 'uploaded' };
    } catch (error) {
      // Someone uploaded this version since the check above.
      if (error instanceof EdgeWorkersApiError && error.problem.status === 409) throw refused(ewId, version, undefined);
      if (!(error instanceof ApiUnreachableError)) throw error;
      options.note?.(`the connection broke while uploading version ${version} (attempt ${attempt} of ${attempts}); checking whether it arrived`);
      const arrived = await existing(client, ewId, version, tgz);
      if (arrived !== undefined) return { record: arrived, how: 'arrived' };
      if (attempt >= attempts) throw new ApiUnreachableError(`${error.message}; tried ${attempts} times, and version ${version} is not on the platform`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 500) * 2 ** (attempt - 1)));
    }
  }
}
