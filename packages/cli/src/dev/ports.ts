/**
 * Port plan for `weft dev`: an app's configured `port` is used as given; the others get the next
 * free port counting up from 8700 (or from `--port N` + 1), skipping ports already planned and
 * ports something else holds.
 */
import { createServer } from 'node:net';

export const FIRST_DEV_PORT = 8700;

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    // Any refusal (in use, not permitted) means not free; the real listen reports its own error.
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** `reserved`: ports planned elsewhere that no app here may get. */
export async function planPorts(wanted: ReadonlyArray<number | undefined>, first = FIRST_DEV_PORT, reserved: readonly number[] = []): Promise<number[]> {
  const taken = new Set([...reserved, ...wanted.filter((port): port is number => port !== undefined && port !== 0)]);
  let next = first;
  const plan: number[] = [];
  for (const port of wanted) {
    if (port !== undefined) {
      plan.push(port);
      continue;
    }
    while (next <= 65535 && (taken.has(next) || !(await isPortFree(next)))) next += 1;
    // Past the last port: let the system pick any free one.
    const chosen = next > 65535 ? 0 : next;
    taken.add(chosen);
    plan.push(chosen);
  }
  return plan;
}
