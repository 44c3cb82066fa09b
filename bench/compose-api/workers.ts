/**
 * The compositions the bench compares: the toolkit against a hand-written Promise.all (and, for
 * chains, sequential awaits) doing the same sub-requests and the same JSON work.
 */
import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';
import { api } from '@weft/compose';
import type { Provider } from './edge.ts';

export const LATENCIES = [20, 40, 60, 80, 100] as const;
const url = (ms: number) => `https://origin.bench/latency/${ms}`;

const parallel = api({ deadline: 5_000 })
  .source('s20', { url: url(20) })
  .source('s40', { url: url(40) })
  .source('s60', { url: url(60) })
  .source('s80', { url: url(80) })
  .source('s100', { url: url(100) })
  .respond();

const chain = api({ deadline: 5_000 })
  .source('s20', { url: url(20) })
  .source('s40', { dependsOn: ['s20'], url: `${url(40)}?v={s20.latency}` })
  .source('s60', { dependsOn: ['s40'], url: `${url(60)}?v={s40.latency}` })
  .source('s80', { dependsOn: ['s60'], url: `${url(80)}?v={s60.latency}` })
  .source('s100', { dependsOn: ['s80'], url: `${url(100)}?v={s80.latency}` })
  .respond();

export const toolkitParallel: Provider = (request) => parallel.handle(request);
export const toolkitChain: Provider = (request) => chain.handle(request);

async function getJson(target: string): Promise<{ latency: number }> {
  const response = await httpRequest(target);
  return JSON.parse(await response.text()) as { latency: number };
}

function answer(data: Record<string, unknown>): object {
  return createResponse(200, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(data));
}

export const baselineParallel: Provider = async () => {
  const [s20, s40, s60, s80, s100] = await Promise.all(LATENCIES.map((ms) => getJson(url(ms))));
  return answer({ s20, s40, s60, s80, s100 });
};

export const baselineChain: Provider = async () => {
  const s20 = await getJson(url(20));
  const s40 = await getJson(`${url(40)}?v=${s20.latency}`);
  const s60 = await getJson(`${url(60)}?v=${s40.latency}`);
  const s80 = await getJson(`${url(80)}?v=${s60.latency}`);
  const s100 = await getJson(`${url(100)}?v=${s80.latency}`);
  return answer({ s20, s40, s60, s80, s100 });
};

/** The critical path alone: one sub-request to the slowest origin. */
export const floorParallel: Provider = async () => answer({ s100: await getJson(url(100)) });
