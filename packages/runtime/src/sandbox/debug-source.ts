/**
 * What makes the worker's script debuggable (`weft serve --inspect`, `weft dev --inspect`): its
 * source map inline, in a trailing `sourceMappingURL` comment that carries the author's sources,
 * so Chrome DevTools and VS Code show the TypeScript files and bind breakpoints set in them. Only
 * an inspected sandbox adds it (encoding the map costs a few milliseconds and the sources' size in
 * memory). Positions need no shifting: the script's are the map's (loader/compile.ts).
 */
import { pathToFileURL } from 'node:url';
import type { RawSourceMap } from '../loader/source-map.ts';

export interface InspectSettings {
  /**
   * The folder the map's relative sources are relative to (the app folder under `weft dev`): they
   * become file URLs, so an editor's breakpoints in those files bind. Absent, they stay relative.
   */
  sourceRoot?: string | undefined;
}

export function sourceMapComment(map: RawSourceMap, settings: InspectSettings): string {
  const root = settings.sourceRoot === undefined ? undefined : pathToFileURL(settings.sourceRoot).href.replace(/\/?$/, '/');
  const inline = {
    version: 3,
    ...(root === undefined ? {} : { sourceRoot: root }),
    sources: map.sources,
    sourcesContent: map.sourcesContent ?? [],
    names: map.names ?? [],
    mappings: map.mappings,
  };
  return `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(inline)).toString('base64')}\n`;
}
