// The buffered baseline: fetch every fragment in parallel, wait for all, then send the page.
import { createResponse } from 'create-response';
import { httpRequest } from 'http-request';
import { FRAGMENT_HOST, WEFT_TEMPLATE } from '../page.ts';

const NAMES = ['header', 'hero', 'promotions', 'recommendations', 'footer'];

export async function responseProvider(): Promise<object> {
  const bodies = await Promise.all(NAMES.map(async (name) => (await httpRequest(`https://${FRAGMENT_HOST}/${name}`)).text()));
  let page = WEFT_TEMPLATE;
  NAMES.forEach((name, i) => (page = page.replace(`<weft-slot name="${name}"></weft-slot>`, bodies[i] ?? '')));
  return createResponse(200, { 'content-type': 'text/html; charset=utf-8' }, page);
}
