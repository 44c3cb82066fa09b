/** What to tell a user whose server cannot listen: the port, the cause, and what to do about it. */

export function isPortInUse(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EADDRINUSE';
}

/** `fix`: how to choose another port with this command (`--port N`, or a config key). */
export function describeListenError(error: unknown, port: number, host: string, fix = 'pick another with --port N (--port 0 picks a free one)'): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use (another weft, or another server?); stop the process holding it, or ${fix}`;
  if (code === 'EACCES') return `no permission to listen on port ${port}; use a port above 1023 (${fix})`;
  if (code === 'EADDRNOTAVAIL') return `this machine has no address ${host} to listen on`;
  return `cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`;
}
