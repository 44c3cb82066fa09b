/** The start-up banner: one line per app with its name and URL (plus its viewer and mocks). */
import type { DevApp } from './dev-app.ts';

export interface BannerEntry {
  name: string;
  app: DevApp | undefined;
  error: string | undefined;
}

export function banner(entries: readonly BannerEntry[], elapsedMs: number): string {
  const width = Math.max(...entries.map((entry) => entry.name.length), 4);
  const lines = entries.map((entry) => {
    const name = entry.name.padEnd(width);
    if (entry.app !== undefined && entry.app.waitingForPort !== undefined) return `  … ${name}  waiting for port ${entry.app.waitingForPort} (in use by another process; retrying every second)`;
    if (entry.app?.server === undefined) return `  ✗ ${name}  failed to start: ${(entry.error ?? 'unknown error').split('\n').join(' ')}`;
    const mocks = entry.app.edge.mocks.map((mock) => `${mock.name} :${mock.port}`).join(', ');
    const edgekv = entry.app.edge.edgekv === undefined ? '' : `   edgekv :${entry.app.edge.edgekv.port}`;
    return `  ➜ ${name}  ${entry.app.server.url}/   traces ${entry.app.server.url}/__weft/${mocks === '' ? '' : `   mocks ${mocks}`}${edgekv}`;
  });
  const ready = entries.filter((entry) => entry.app?.server !== undefined).length;
  return `\nweft dev: ${ready} of ${entries.length} app${entries.length === 1 ? '' : 's'} ready in ${elapsedMs.toFixed(0)} ms\n\n${lines.join('\n')}\n\nSave a file to rebuild; Ctrl+C to stop.\n\n`;
}
