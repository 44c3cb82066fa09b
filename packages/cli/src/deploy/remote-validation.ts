/**
 * `weft validate --remote`: sends the bundle to the platform's validation endpoint and merges its
 * answer with the local checks. A platform error of a type the local checks also found is not
 * repeated; one they missed is added, marked as the platform's. A bundle folder is packed as
 * `weft build` packs (every file mode 0644), since the endpoint takes a .tgz.
 */
import { readFileSync, statSync } from 'node:fs';
import { gzipDeterministic } from '../bundle/gzip.ts';
import { readFolder } from '../bundle/read-bundle.ts';
import { writeTar } from '../bundle/tar-write.ts';
import type { ValidationReport } from '../bundle/validate.ts';
import type { EdgeWorkersClient, PlatformIssue, PlatformValidation } from './api-client.ts';

export interface MergedReport extends ValidationReport {
  /** The platform's own answer, as it came. */
  platform: PlatformValidation;
  /** Errors of the platform of types the local checks did not report. */
  platformOnly: PlatformIssue[];
}

export function tarballOf(target: string): Uint8Array {
  if (!statSync(target).isDirectory()) return new Uint8Array(readFileSync(target));
  const files = readFolder(target).files ?? new Map();
  return gzipDeterministic(writeTar([...files].map(([name, file]) => ({ path: name, data: file.data }))));
}

export function mergeReports(local: ValidationReport, platform: PlatformValidation): MergedReport {
  const localTypes = new Set<string>(local.errors.map((issue) => issue.type));
  const platformOnly = platform.errors.filter((issue) => !localTypes.has(issue.type));
  return { ...local, ok: local.ok && platform.errors.length === 0, platform, platformOnly };
}

export async function validateRemotely(client: EdgeWorkersClient, local: ValidationReport): Promise<MergedReport> {
  return mergeReports(local, await client.validate(tarballOf(local.target)));
}
