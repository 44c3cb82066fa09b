/**
 * `X-Akamai-EdgeWorker-<handler>-Info` values (spec §22.3, §22.4, decisions 7 and 8): standard
 * `ew=<id> v<version>:<name>; status=<Status>`; enhanced adds status_msg, res_tier, times in ms
 * with 3 decimals and memory_usage, joined by `; ` with no trailing `;`.
 */
import { formatStatusMessage, type StackFrame } from './status-msg.ts';

export interface WorkerIdentity {
  ewId: number;
  version: string;
  name: string;
}

export interface HandlerReport {
  /** Enhanced status name (spec §22.4), e.g. Success, ExecutionError, UnimplementedEventHandler. */
  status: string;
  error?: { name: string; message: string; frames: readonly StackFrame[] } | undefined;
  wallMs: number;
  cpuMs: number;
  initWallMs: number;
  initCpuMs: number;
  memoryBytes: number;
  /** responseProvider only: how the client body was read. */
  requestBody?: 'buffered' | 'streamed' | 'error' | 'none' | undefined;
}

const ms = (value: number): string => value.toFixed(3);

/** Standard status names collapse every failure to `Failed` (§22.3). */
function standardStatus(status: string): string {
  if (status === 'Success' || status === 'UnimplementedEventHandler') return status;
  return 'Failed';
}

export function formatInfoHeader(identity: WorkerIdentity, report: HandlerReport, enhanced: boolean, options: { tierField?: 'res_tier' | 'resource_tier'; tier: number }): string {
  if (report.status === 'UnimplementedEventHandler') {
    // §22.3 example: the version prints empty for an unimplemented handler.
    return `ew=${identity.ewId} v:${identity.name}; status=UnimplementedEventHandler`;
  }
  const head = `ew=${identity.ewId} v${identity.version}:${identity.name}`;
  if (!enhanced) return `${head}; status=${standardStatus(report.status)}`;
  const fields = [
    head,
    `status=${report.status}`,
    `status_msg=${formatStatusMessage(report.error)}`,
    `${options.tierField ?? 'res_tier'}=${options.tier}`,
    `init_wall_time=${ms(report.initWallMs)}`,
    `wall_time=${ms(report.wallMs)}`,
    `init_cpu_time=${ms(report.initCpuMs)}`,
    `cpu_time=${ms(report.cpuMs)}`,
    `memory_usage=${Math.round(report.memoryBytes)}`,
  ];
  if (report.requestBody !== undefined) fields.push(`req_body=${report.requestBody}`);
  return fields.join('; ');
}
