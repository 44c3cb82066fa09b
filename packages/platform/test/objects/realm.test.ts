import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createRequest, createRequestState, createResponseObject, HeaderList, type ErrorRealm } from '../../src/index.ts';

/** A separate V8 realm, as the runtime's sandbox gives worker code. */
function workerRealm(): { realm: ErrorRealm; run: (source: string, bindings: Record<string, unknown>) => unknown } {
  const context = createContext({});
  const realm = runInContext('({ TypeError, RangeError, Error, SyntaxError })', context) as ErrorRealm;
  return {
    realm,
    run: (source, bindings) => {
      Object.assign(context, bindings);
      return runInContext(`'use strict'; ${source}`, context);
    },
  };
}

describe('errors in the worker realm', () => {
  // Worker code checks `e instanceof TypeError` against its own realm's constructor; with the
  // realm supplied, the objects throw errors of that realm (spec §3.2, §3.4 error types).
  it('throws TypeError and RangeError the worker realm recognises', () => {
    const { realm, run } = workerRealm();
    const state = createRequestState({ host: 'www.example.com' });
    const request = createRequest('onClientRequest', state, { variableBudget: 1024, respondWithBodyChars: 16_384, realm });
    const response = createResponseObject({ status: 200, headers: new HeaderList() }, { realm });
    const result = run(
      `const out = [];
       try { request.setHeader('bad name', 'x'); } catch (e) { out.push(e instanceof TypeError); }
       try { request.respondWith(700, {}, ''); } catch (e) { out.push(e instanceof RangeError); }
       try { response.status = 99; } catch (e) { out.push(e instanceof RangeError); }
       try { request.host = 'x'; } catch (e) { out.push(e instanceof TypeError); }
       out.join(',')`,
      { request, response },
    );
    expect(result).toBe('true,true,true,true');
  });

  // Limits the platform enforces without a mandated type are WeftErrors; in the worker they are
  // Errors of its realm, and keep their name and code for the host to classify them.
  it('re-homes WeftErrors and JSON parse errors into the worker realm', async () => {
    const { realm, run } = workerRealm();
    const request = createRequest('onClientRequest', createRequestState({ host: 'h' }), { variableBudget: 10, respondWithBodyChars: 1, realm });
    const result = run(
      `const out = [];
       try { request.setVariable('PMUSER_LONG', 'value'); } catch (e) { out.push(e instanceof Error, e.name, e.code); }
       try { request.respondWith(200, {}, 'too long'); } catch (e) { out.push(e instanceof Error, e.code); }
       out.join(',')`,
      { request },
    );
    expect(result).toBe('true,VariableBudgetError,WEFT_VARIABLE_BUDGET,true,WEFT_RESPOND_WITH_BODY_LIMIT');
    const body = new ReadableStream<Uint8Array>({ start: (c) => { c.enqueue(new TextEncoder().encode('{bad')); c.close(); } });
    const provider = createRequest('responseProvider', createRequestState({ host: 'h', body }), { variableBudget: 10, respondWithBodyChars: 1, realm });
    const parsed = run(`globalThis.outcome = provider.json().then(() => 'parsed', (e) => e instanceof SyntaxError); globalThis.outcome`, { provider });
    expect(await (parsed as Promise<unknown>)).toBe(true);
  });

  it('throws host-realm errors without a supplied realm', () => {
    const { run } = workerRealm();
    const request = createRequest('onOriginRequest', createRequestState({ host: 'h' }), { variableBudget: 1024, respondWithBodyChars: 16_384 });
    const result = run(`try { request.setHeader('bad name', 'x'); 'no error' } catch (e) { e instanceof TypeError }`, { request });
    expect(result).toBe(false);
  });
});
