import { describe, expect, it } from 'vitest';
import { stripHopByHop, describeNetworkError } from '../../src/index.ts';

describe('hop-by-hop (RFC 9110 §7.6.1)', () => {
  it('drops the fixed set and every field Connection names, any case', () => {
    const out = stripHopByHop([['Connection', 'close, X-Secret'], ['x-secret', '1'], ['Keep-Alive', 't'], ['TE', 'trailers'], ['Transfer-Encoding', 'chunked'], ['Upgrade', 'h2c'], ['Proxy-Authorization', 'x'], ['X-Kept', 'yes']]);
    expect(out).toEqual([['X-Kept', 'yes']]);
  });
  it('names network errors by code', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(describeNetworkError(error)).toBe('ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:1)');
  });
});
