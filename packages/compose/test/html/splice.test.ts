import { describe, expect, it } from 'vitest';
import { createMarkers, matchMarker } from '../../src/html/inject/marker.ts';
import { splice } from '../../src/html/inject/splice.ts';
import { bytesPart, type Part } from '../../src/html/assemble/parts.ts';

const encoder = new TextEncoder();

function chunked(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(bytes.slice(from, cut));
    from = cut;
  }
  return new ReadableStream({
    pull(controller) {
      const next = pieces.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let out = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out + decoder.decode();
    out += decoder.decode(value, { stream: true });
  }
}

describe('splice', () => {
  const markers = createMarkers();
  // Marker 7 has no content (dropped); marker 1 is the last content, after which nothing is scanned.
  const source = encoder.encode(`<a>${markers.marker(0)}</a>\u0000raw nul${markers.marker(7)}<b>${markers.marker(1)}</b>`);
  const contents = (): Map<number, Part> => new Map([
    [0, bytesPart(encoder.encode('ZERO'))],
    [1, bytesPart(encoder.encode('ONE'))],
  ]);

  it('replaces each marker by its content, at every split point of the input', async () => {
    const expected = '<a>ZERO</a>\u0000raw nul<b>ONE</b>';
    for (let cut = 1; cut < source.length; cut++) {
      expect(await text(splice(chunked(source, [cut]) as never, markers, contents(), () => {}) as never)).toBe(expected);
    }
    // and with every byte its own chunk
    const everyByte = Array.from({ length: source.length - 1 }, (_, i) => i + 1);
    expect(await text(splice(chunked(source, everyByte) as never, markers, contents(), () => {}) as never)).toBe(expected);
  });

  it('once every content is placed, the rest of the page passes through as the very same chunks', async () => {
    const rest = [encoder.encode('<p>after</p>'), encoder.encode(`<i>${markers.marker(0)}</i>`)];
    const pieces = [encoder.encode(`<a>${markers.marker(0)}</a>`), encoder.encode(`<b>${markers.marker(1)}</b>`), ...rest];
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = pieces.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });
    const reader = (splice(source as never, markers, contents(), () => {}) as unknown as ReadableStream<Uint8Array>).getReader();
    const out: Uint8Array[] = [];
    for (let r = await reader.read(); r.done !== true; r = await reader.read()) out.push(r.value);
    // Not looked at, not copied: a marker there is just bytes (inject() writes each marker once).
    expect(out.slice(-2)).toEqual(rest);
    expect(out[out.length - 1]).toBe(rest[1]);
  });

  it('does not take a marker with another nonce (origin content cannot forge one)', () => {
    // A nonce of "-" cannot come from createMarkers (base-36 digits only).
    const forged = encoder.encode('\u0000weft-splice:--------:0\u0000');
    expect(matchMarker(forged, 0, markers)).toEqual({ kind: 'none' });
    expect(matchMarker(encoder.encode(markers.marker(12)), 0, markers)).toMatchObject({ kind: 'marker', id: 12 });
    const prefixOnly = encoder.encode(markers.marker(3).slice(0, 6));
    expect(matchMarker(prefixOnly, 0, markers)).toEqual({ kind: 'partial' });
  });
});
