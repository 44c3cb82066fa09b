/**
 * responseProvider (spec §2.1): on a cache miss it replaces the origin. Its result must be a
 * createResponse() result (decision 28); a failure goes to the origin or answers 500 (decision 1).
 * Continue on error never covers it, and a failed onClientRequest under CoE skips it (decision 20).
 */
import { HeaderList, type ResultWire } from '@weft/platform';
import { toWebStream, type Body } from '../body.ts';
import type { Exchange } from '../exchange.ts';
import { handlerFailureResponse } from '../failure.ts';
import { runHandler } from '../run-handler.ts';
import type { Stage } from './stage.ts';

function markFailed(ex: Exchange, message: string): void {
  const error = { name: 'ExecutionError', message, frames: [], stack: undefined };
  const report = ex.reports.get('responseProvider');
  if (report !== undefined) ex.reports.set('responseProvider', { ...report, status: 'ExecutionError', error });
  const record = ex.trace.trace.stages.findLast((stage) => stage.stage === 'responseProvider');
  if (record !== undefined) {
    record.status = 'ExecutionError';
    record.error = { name: error.name, message, frames: [] };
  }
}

function fail(ex: Exchange): void {
  if (ex.services.options.responseProviderFailure === 'error') {
    ex.response = handlerFailureResponse(`weft.${ex.trace.trace.id}`);
    ex.final = true;
  } else {
    ex.trace.warn('rp-failed-to-origin', 'responseProvider failed; the request goes to the origin (decision 1, option responseProviderFailure)', 'responseProvider');
  }
}

export const responseProvider: Stage = {
  name: 'responseProvider',
  when: (ex) => ex.response === undefined && ex.handlersEnabled && !ex.skipResponseProvider && ex.sandbox.has('responseProvider'),
  async run(ex) {
    let bodySource = 0;
    if (ex.clientBody !== null) {
      // The same stream goes to the origin if responseProvider fails without reading it.
      const body = toWebStream(ex.clientBody);
      ex.clientBody = body;
      ex.request.body = body;
      bodySource = ex.sandbox.addBodySource(body as unknown as Parameters<typeof ex.sandbox.addBodySource>[0]);
    }
    const result = await runHandler(ex, { name: 'responseProvider', state: ex.request, bodySource });
    if (!result.ran) return;
    if (result.failed) return fail(ex);
    const created = result.outcome.value as ResultWire | undefined;
    if (created === undefined || created.kind !== 'created') {
      const got = created?.kind === 'other' ? created.description : 'nothing the platform could read';
      markFailed(ex, `responseProvider resolved to ${got}, not a createResponse() result (decision 28)`);
      return fail(ex);
    }
    ex.response = {
      status: created.status,
      headers: new HeaderList(created.headers),
      body: created.text ?? (ex.sandbox.openStream(created.stream, result.context) as unknown as Body),
      source: 'responseProvider',
      storable: true,
    };
  },
};
