/**
 * `x-weft-subrequest-cache` (issue 17): for each sub-request that went through the cache, what
 * the lookup found, in the entry syntax of `X-Akamai-Edgeworker-Subrequests` (spec §22.5) so the
 * two read alike: `evt=RP; id=1; cache=HIT; url="https://…"`. Absent when none did.
 */
import { HANDLERS, type HandlerName, type SubrequestRecord } from '@weft/platform';

function quote(value: string): string {
  return `"${encodeURI(value).replace(/"/g, '%22')}"`;
}

export function formatSubrequestCacheHeader(records: ReadonlyArray<{ handler: HandlerName; record: SubrequestRecord }>): string | undefined {
  let value: string | undefined;
  for (const { handler, record } of records) {
    const cache = record.cache;
    if (cache === undefined) continue;
    const entry = `evt=${HANDLERS[handler].code}; id=${record.id}; cache=${cache.lookup.toUpperCase()}${cache.stored ? '; stored=1' : ''}; url=${quote(record.url)}`;
    value = value === undefined ? entry : `${value}, ${entry}`;
  }
  return value;
}
