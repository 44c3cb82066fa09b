// Injection that can match anywhere: the same script and banner plus loading="lazy" on every img,
// so the rewriter reads the whole page (no forwarding after <body>).
import { respondInjected } from '@weft/compose';
import { httpRequest } from 'http-request';
import { scriptAndBanner } from './inject.ts';

export async function responseProvider(request: EW.ResponseProviderRequest): Promise<object> {
  const injections = [...scriptAndBanner(), { selector: 'img', setAttributes: { loading: 'lazy' } }];
  return respondInjected(await httpRequest(request.url), injections);
}
