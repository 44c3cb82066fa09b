/** How a body crosses to the other side of the thread boundary: whole in the head message, or streamed after it. */
import { once } from 'node:events';
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { prepareBody } from '../../src/isolation/body-channel.ts';
import { OriginBody } from '../../src/origin/origin-body.ts';
import { watchEnd } from '../../src/pipeline/body.ts';

/** The part of undici's controller an OriginBody drives; it only records what it is told. */
function controller(): Dispatcher.DispatchController & { calls: string[] } {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume'), abort: () => calls.push('abort') } as unknown as Dispatcher.DispatchController & { calls: string[] };
}

const text = (chunks: ArrayBuffer[]): string => Buffer.concat(chunks.map((c) => new Uint8Array(c))).toString();

describe('prepareBody', () => {
  it('takes an origin body that arrived whole in one piece, and whoever watches for its end hears it', async () => {
    const body = new OriginBody(controller());
    body.deliver(Buffer.from('hello, '));
    body.deliver(Buffer.from('world'));
    body.complete();
    const heard: Array<[number, boolean]> = [];
    watchEnd(body, 12, (bytes, truncated) => heard.push([bytes, truncated]));
    const prepared = await prepareBody(body);
    expect(prepared.mode).toBe('inline');
    expect(text(prepared.chunks)).toBe('hello, world');
    expect(heard).toEqual([[12, false]]);
    // Taken whole, the body has nothing left for a stream reader: it ends at once.
    const rest: Buffer[] = [];
    for await (const chunk of body) rest.push(chunk as Buffer);
    expect(rest).toEqual([]);
  });

  it('hands what arrived to a stream reader at its first read, then streams the rest as it comes', async () => {
    const calls = controller();
    const body = new OriginBody(calls);
    body.deliver(Buffer.alloc(40 * 1024, 1));
    body.deliver(Buffer.alloc(40 * 1024, 2));
    // A buffer's worth held unread: the connection waits.
    expect(calls.calls).toEqual(['pause']);
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = once(body, 'end');
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.calls).toEqual(['pause', 'resume']);
    body.deliver(Buffer.from('tail'));
    body.complete();
    await ended;
    expect(Buffer.concat(chunks).length).toBe(80 * 1024 + 4);
    expect(Buffer.concat(chunks).subarray(-4).toString()).toBe('tail');
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
