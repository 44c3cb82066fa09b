/** `X-Akamai-Edgeworker-Subrequests` (spec §22.5): one entry per sub-request, entries joined by `, `. */
import { HANDLERS, type HandlerName, type SubrequestRecord } from '@weft/platform';
import { formEncode } from './status-msg.ts';

export const SUBREQUESTS_HEADER = 'X-Akamai-Edgeworker-Subrequests';

const ms = (value: number): string => value.toFixed(3);

function quote(value: string): string {
  return `"${encodeURI(value).replace(/"/g, '%22')}"`;
}

/** `reqIds`: with `akamai-x-ew-subworkers`, a subWorker call's entry names its request (`req_id`, the called app's trace id). */
export function formatSubrequestEntry(ewId: number, handler: HandlerName, record: SubrequestRecord, reqIds = false): string {
  const fields = [`ew=${ewId}`, `evt=${HANDLERS[handler].code}`, `id=${record.id}`, `method="${record.method}"`, `url=${quote(record.url)}`];
  if (encodeURI(record.url) !== record.url) fields.push('url_encoded=1');
  if (record.error !== undefined) fields.push(`err=${quote(record.error)}`);
  else fields.push(`rsp=${record.status ?? 'pending'}`);
  if (record.durationMs !== undefined) fields.push(`dur=${ms(record.durationMs)}`);
  if (record.bodyError !== undefined) {
    const text = formEncode(record.bodyError);
    fields.push(`body_err="${text.slice(0, 100)}"`);
    if (text.length > 100) fields.push('body_err_truncated=1');
  }
  if (record.totalDurationMs !== undefined) fields.push(`total_dur=${ms(record.totalDurationMs)}`);
  if (record.rateLimitedMs !== undefined) fields.push('rate_limited=1', `rate_limited_dur=${ms(record.rateLimitedMs)}`);
  if (reqIds && record.subWorker !== undefined) fields.push(`req_id=${record.subWorker.traceId}`);
  return fields.join('; ');
}

export function formatSubrequestsHeader(ewId: number, records: ReadonlyArray<{ handler: HandlerName; record: SubrequestRecord }>, reqIds = false): string | undefined {
  if (records.length === 0) return undefined;
  return records.map(({ handler, record }) => formatSubrequestEntry(ewId, handler, record, reqIds)).join(', ');
}
