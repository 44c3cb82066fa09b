/**
 * The host map of a unit test: every hostname is "served" and dialled as https://<hostname>, so
 * every sub-request reaches the test's mock, which decides what exists (decisions 21 keeps the
 * local runtime's own map for served workers).
 */
class AnyHosts extends Map<string, string> {
  override get(hostname: string): string {
    return super.get(hostname) ?? `https://${hostname}`;
  }
}

export function anyHosts(): ReadonlyMap<string, string> {
  return new AnyHosts();
}
