import { describe, expect, it } from 'vitest';
import { createResponseObject, HeaderList, type ResponseState } from '../../src/index.ts';

function response(status = 200, pairs: Array<[string, string]> = []) {
  const state: ResponseState = { status, headers: new HeaderList(pairs) };
  const warnings: string[] = [];
  return { state, warnings, response: createResponseObject(state, { onWarning: (m) => warnings.push(m) }) };
}

describe('response object (spec §4)', () => {
  it('has exactly status and the five header methods', () => {
    const { response: r } = response();
    const members = ['status', 'getHeader', 'getHeaders', 'setHeader', 'addHeader', 'removeHeader'];
    for (const member of members) expect(member in r).toBe(true);
    for (const member of ['respondWith', 'body', 'text', 'route']) expect(member in r).toBe(false);
    expect(Object.prototype.toString.call(r)).toBe('[object Response]');
  });

  // decisions 12: status is writable, with the 200–599 check.
  it('lets status be set within 200–599', () => {
    const { response: r, state } = response(200);
    r.status = 404;
    expect(r.status).toBe(404);
    expect(state.status).toBe(404);
    expect(() => {
      r.status = 199;
    }).toThrow(RangeError);
    expect(() => {
      r.status = 600;
    }).toThrow(/response.status: status 600 is not allowed; use an integer from 200 to 599/);
    expect(() => Reflect.set(r, 'status', '500')).toThrow(RangeError);
    expect(state.status).toBe(404);
  });

  // spec §4: header semantics are those of §3.2; the example adds a second Powered-By line.
  it('reads and changes headers as §3.2 says', () => {
    const { response: r, state } = response(200, [['Powered-By', 'Akamai'], ['Content-Type', 'text/html']]);
    r.addHeader('Powered-By', 'Akamai ION');
    expect(r.getHeader('powered-by')).toEqual(['Akamai', 'Akamai ION']);
    r.setHeader('content-type', 'application/json');
    r.removeHeader('Powered-By');
    expect(r.getHeaders()).toEqual({ 'content-type': ['application/json'] });
    expect(state.headers.get('Content-Type')).toEqual(['application/json']);
    expect(r.getHeader('missing')).toBeUndefined();
  });

  it('throws a TypeError naming the header for invalid names and values', () => {
    const { response: r } = response();
    expect(() => r.setHeader('bad name', 'x')).toThrow(/setHeader: header name "bad name"/);
    expect(() => r.addHeader('X-A', 'a\r\nb')).toThrow(/addHeader: value of header "X-A"/);
  });

  // spec §2.3.9: Akamai-internal headers cannot be manipulated; ignored with a warning.
  it('ignores changes to internal headers, with a warning', () => {
    const { response: r, warnings } = response(200, [['X-Akamai-Request-ID', 'abc']]);
    r.removeHeader('X-Akamai-Request-ID');
    expect(r.getHeader('x-akamai-request-id')).toEqual(['abc']);
    expect(warnings).toHaveLength(1);
  });

  it('refuses a detached call and cannot be patched', () => {
    const { response: r } = response();
    const { getHeaders } = r;
    expect(() => getHeaders()).toThrow(/Illegal invocation/);
    expect(Object.isFrozen(Object.getPrototypeOf(r))).toBe(true);
    expect(r.getHeader.name).toBe('getHeader');
    // No constructor of its own (worker code must not build responses over a target of its choosing).
    expect(Object.hasOwn(Object.getPrototypeOf(r) as object, 'constructor')).toBe(false);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(r))).toBe(Object.prototype);
  });

  // decisions 5 / realm: errors are made with the worker realm's constructors when supplied.
  it('throws errors of the supplied realm', () => {
    class WorkerRangeError extends RangeError {}
    const r = createResponseObject({ status: 200, headers: new HeaderList() }, { realm: { TypeError, RangeError: WorkerRangeError } });
    expect(() => {
      r.status = 1;
    }).toThrow(WorkerRangeError);
  });
});
