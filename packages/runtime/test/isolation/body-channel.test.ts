/** How a body crosses to the other side of the thread boundary: whole in the head message, or streamed after it. */
import { once } from 'node:events';
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { prepareBody } from '../../src/isolation/body-channel.ts';
import { OriginBody } from '../../src/origin/origin-body.ts';

/** The part of undici's controller an OriginBody drives; it only records what it is told. */
function controller(): Dispatcher.DispatchController & { calls: string[] } {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume'), abort: () => calls.push('abort') } as unknown as Dispatcher.DispatchController & { calls: string[] };
}

const text = (chunks: ArrayBuffer[]): string => Buffer.concat(chunks.map((c) => new Uint8Array(c))).toString();

describe('prepareBody', () => {
  it('takes an origin body that arrived whole in one read, and the body then ends for whoever watches it', async () => {
    const body = new OriginBody(controller());
    body.deliver(Buffer.from('hello, '));
    body.deliver(Buffer.from('world'));
    body.complete();
    const ended = once(body, 'end');
    const prepared = await prepareBody(body);
    expect(prepared.mode).toBe('inline');
    expect(text(prepared.chunks)).toBe('hello, world');
    await ended;
  });

  it('streams an origin body that is still arriving: what came gathers into the head, the rest follows', async () => {
    const body = new OriginBody(controller());
    body.deliver(Buffer.from('first'));
    const prepared = await prepareBody(body);
    expect(prepared.mode).toBe('stream');
    expect(text(prepared.chunks)).toBe('first');
    const sent: unknown[] = [];
    prepared.stream?.(1, 'res', (message) => sent.push(message));
    body.deliver(Buffer.from('second'));
    body.complete();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent.map((m) => (m as { t: string }).t)).toEqual(['chunk', 'end']);
  });

  it('does not take an origin body someone has started reading', async () => {
    const body = new OriginBody(controller());
    body.deliver(Buffer.from('abc'));
    body.deliver(Buffer.from('def'));
    body.complete();
    expect(String(body.read(3))).toBe('abc');
    const prepared = await prepareBody(body);
    expect(prepared.mode).toBe('inline');
    expect(text(prepared.chunks)).toBe('def');
  });
});
