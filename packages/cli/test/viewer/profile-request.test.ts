/** The viewer's "Profile": which recorded headers the page sends again, when it cannot, and who shared the thread. */
import { describe, expect, it } from 'vitest';
import { overlapping, profileHeaders, resendBlocker } from '../../src/viewer/profile-request.ts';

describe('profileHeaders', () => {
  it('keeps what a page may set, replaces any profile flag with x-weft-profile: 1', () => {
    expect(profileHeaders([['Host', 'h'], ['Accept', '*/*'], ['Cookie', 'a=1'], ['Sec-Fetch-Mode', 'cors'], ['Proxy-Authorization', 'x'], ['x-weft-location', 'country=FR'], ['X-Weft-Profile', '0'], ['Connection', 'keep-alive']]))
      .toEqual([['Accept', '*/*'], ['x-weft-location', 'country=FR'], ['x-weft-profile', '1']]);
  });
});

describe('resendBlocker', () => {
  it('lets a request without a body go again, and says why one with a body cannot', () => {
    expect(resendBlocker('GET', [['accept', '*/*']])).toBeUndefined();
    expect(resendBlocker('POST', [['content-length', '0']])).toBeUndefined();
    expect(resendBlocker('POST', [['content-length', '12']])).toMatch(/had a body, which traces do not record: send it with curl and -H 'x-weft-profile: 1'/);
    expect(resendBlocker('connect', [])).toMatch(/a page cannot send CONNECT/);
  });
});

describe('overlapping', () => {
  const at = (id: string, startMs: number, durationMs: number): { id: string; startedAt: string; durationMs: number } => ({ id, startedAt: new Date(Date.UTC(2026, 0, 1) + startMs).toISOString(), durationMs });

  it('counts the other requests of the same thread (id prefix) whose time overlapped', () => {
    const profiled = at('abc1-7', 100, 50);
    const list = [profiled, at('abc1-6', 60, 50), at('abc1-8', 140, 100), at('abc1-9', 150, 10), at('abc1-5', 0, 20), at('def2-3', 110, 10)];
    expect(overlapping(profiled, list)).toBe(2);
  });
});
