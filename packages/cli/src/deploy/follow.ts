/**
 * Follows an activation until it ends, with one progress line: rewritten in place on a terminal,
 * a new line at each change of status otherwise (a CI log). Ends with the final record, or an
 * ActivationFailedError when the platform gave up on it.
 */
import { FINAL_STATUSES, type ActivationRecord, type EdgeWorkersClient } from './api-client.ts';
import { ActivationFailedError } from '../errors.ts';

export interface FollowOptions {
  /** Milliseconds between two polls. */
  intervalMs: number;
  write: (text: string) => void;
  /** Rewrite one line with `\r` instead of printing each change. */
  tty: boolean;
}

function elapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export async function followActivation(client: EdgeWorkersClient, first: ActivationRecord, options: FollowOptions): Promise<ActivationRecord> {
  const started = Date.now();
  const line = (record: ActivationRecord): string => `activation ${record.activationId} of version ${record.version} on ${record.network}: ${record.status} (${elapsed(Date.now() - started)})`;
  let current = first;
  options.write(options.tty ? `\r${line(current)}\x1b[K` : `${line(current)}\n`);
  while (!Object.hasOwn(FINAL_STATUSES, current.status)) {
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    const next = await client.activation(first.edgeWorkerId, first.activationId);
    if (options.tty) options.write(`\r${line(next)}\x1b[K`);
    else if (next.status !== current.status) options.write(`${line(next)}\n`);
    current = next;
  }
  if (options.tty) options.write('\n');
  if (FINAL_STATUSES[current.status] !== true) {
    throw new ActivationFailedError(`activation ${current.activationId} of version ${current.version} on ${current.network} ended ${current.status}; the version was uploaded but is not live: see the activation in Control Center (EdgeWorkers > ID ${current.edgeWorkerId} > Activations), then activate again with \`weft deploy <app> --ew-id ${current.edgeWorkerId} --activate\``);
  }
  return current;
}
