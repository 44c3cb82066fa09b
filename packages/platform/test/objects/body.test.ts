import { describe, expect, it } from 'vitest';
import { RequestBodyLimitError } from '../../src/index.ts';
import { harness } from './helpers.ts';

function streamOf(...chunks: Array<string | number[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : new Uint8Array(chunk));
      controller.close();
    },
  });
}

function provider(body: ReadableStream<Uint8Array> | null, limits: { requestBufferedBodyBytes?: number; requestBodyStreamBytes?: number } = {}) {
  return harness('responseProvider', { method: 'POST', body }, limits).request;
}

describe('responseProvider body readers (spec §3.6)', () => {
  it('reads text across chunks', async () => {
    expect(await provider(streamOf('hel', 'lo ', 'wörld')).text()).toBe('hello wörld');
  });

  // spec §3.6: UTF-8 decoding with U+FFFD on invalid sequences; a split multi-byte character survives.
  it('decodes UTF-8 with U+FFFD for invalid bytes', async () => {
    expect(await provider(streamOf([0xc3], [0xa9, 0x20, 0xff, 0x41])).text()).toBe('é \uFFFDA');
  });

  it('parses JSON and rejects invalid JSON', async () => {
    expect(await provider(streamOf('{"a":', '[1,2]}')).json()).toEqual({ a: [1, 2] });
    await expect(provider(streamOf('{nope')).json()).rejects.toThrow(SyntaxError);
  });

  it('returns the bytes from arrayBuffer', async () => {
    const buffer = await provider(streamOf([1, 2], [3])).arrayBuffer();
    expect(buffer).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(buffer)]).toEqual([1, 2, 3]);
  });

  it('reads an absent body as empty', async () => {
    const request = provider(null);
    expect(await request.text()).toBe('');
    expect(await provider(null).arrayBuffer()).toHaveProperty('byteLength', 0);
  });

  // spec §3.6 [INFERRED]: the body can be consumed once; a second read rejects like WHATWG body mixins.
  it('rejects a second read', async () => {
    const request = provider(streamOf('x'));
    await request.text();
    await expect(request.json()).rejects.toThrow(/already been read.*consumed once/);
    await expect(request.arrayBuffer()).rejects.toThrow(TypeError);
  });

  it('rejects a buffered read while the body stream is locked or after it was read', async () => {
    const locked = provider(streamOf('abc'));
    const reader = locked.body.getReader();
    await expect(locked.text()).rejects.toThrow(TypeError);
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('abc');
    reader.releaseLock();
    await expect(locked.text()).rejects.toThrow(/already been read/);
  });

  it('streams the body through request.body, the same stream each time', async () => {
    const request = provider(streamOf('a', 'b'));
    expect(request.body).toBe(request.body);
    const text = await new Response(request.body).text();
    expect(text).toBe('ab');
  });

  // spec §3.6, decisions 4: the 2025-03 profile rejects buffered reads past 16 KB; "current" has no cap.
  it('rejects a buffered read past the profile cap', async () => {
    const big = 'x'.repeat(16 * 1024 + 1);
    await expect(provider(streamOf(big), { requestBufferedBodyBytes: 16 * 1024 }).text()).rejects.toThrow(RequestBodyLimitError);
    await expect(provider(streamOf(big), { requestBufferedBodyBytes: 16 * 1024 }).text()).rejects.toThrow(/exceeds 16384 bytes/);
    expect(await provider(streamOf(big)).text()).toHaveLength(big.length);
  });

  // spec §21.2: streaming request.body in responseProvider is limited to 1 MB.
  it('errors the body stream past the stream limit', async () => {
    const request = provider(streamOf('12345', '67890'), { requestBodyStreamBytes: 8 });
    const reader = request.body.getReader();
    expect((await reader.read()).value?.byteLength).toBe(5);
    await expect(reader.read()).rejects.toThrow(RequestBodyLimitError);
  });

  it('does not touch the client body until it is read', async () => {
    let pulled = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array([65]));
        controller.close();
      },
    }, { highWaterMark: 0 });
    const request = provider(source);
    void request.body;
    expect(pulled).toBe(0);
    expect(await request.text()).toBe('A');
    expect(pulled).toBe(1);
  });
});
