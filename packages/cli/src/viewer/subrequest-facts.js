// What issue 17 added to a sub-request and a trace: its pass through the property's cache
// (`subrequests[].cache`), the subWorker that answered it (`subrequests[].subWorker`, a link to
// that app's own trace), and, on a subWorker's trace, the link back to its parent (`parentId`).
import { el } from './dom.js';

/** For a subWorker's trace: the trace whose sub-request ran it. */
export function parentLink(trace, open) {
  if (!trace.parentId) return null;
  return el('span', { id: 'parent-trace' }, 'subWorker of ',
    el('a', { href: `#${encodeURIComponent(trace.parentId)}`, 'data-trace-id': trace.parentId, onclick: (event) => { event.preventDefault(); open(trace.parentId); } }, 'the parent request'));
}

/** The facts of a sub-request's cache pass and subWorker call, in its detail panel. */
export function subrequestExtras(sub, open) {
  const cache = sub.cache;
  const call = sub.subWorker;
  return [
    cache && el('div', { class: 'facts sub-cache' },
      el('span', {}, 'cache ', el('span', { class: `tag cache ${cache.lookup}` }, cache.lookup)),
      cache.key && el('span', {}, 'key ', el('b', { class: 'mono' }, cache.key)),
      cache.reason && el('span', { class: 'muted' }, cache.reason),
      el('span', {}, cache.stored ? `stored for ${cache.ttlSeconds ?? '?'} s` : 'not stored'),
      cache.ageSeconds !== undefined && el('span', {}, `age ${cache.ageSeconds} s`)),
    call && el('div', { class: 'facts sub-worker' },
      el('span', {}, 'answered by app ', el('b', {}, call.app), ` as a subWorker (depth ${call.depth})`),
      el('a', { class: 'subworker-link', href: `#${encodeURIComponent(call.traceId)}`, 'data-trace-id': call.traceId, onclick: (event) => { event.preventDefault(); event.stopPropagation(); open(call.traceId); } }, 'open its trace')),
  ];
}
