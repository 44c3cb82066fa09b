/**
 * The host's half of the legacy encodings (host-api.ts) on Node's ICU-backed TextDecoder. Every
 * argument is untrusted: labels and names are checked as strings, bytes copied before decoding.
 * Streaming decoders are kept per realm and bounded in number, so a worker that opens streams and
 * never finishes them cannot grow the host without limit.
 */
import { TextDecoder as HostTextDecoder } from 'node:util';
import { copyFromRealm } from '../../../host/realm-bytes.ts';
import type { TextDecodeHost } from '../host-api.ts';

/** Streaming legacy decoders one realm may hold open at once. */
export const MAX_OPEN_LEGACY_DECODERS = 1024;

function encodingOf(label: string): string {
  try {
    return new HostTextDecoder(label).encoding;
  } catch (error) {
    // An unknown label is a RangeError (the caller then throws the platform's own); anything else is a bug.
    if (error instanceof RangeError) return '';
    throw error;
  }
}

export function createTextDecodeHost(): TextDecodeHost {
  const open = new Map<number, HostTextDecoder>();
  // The names legacyEncoding() answered, so a decode checks its encoding without building a decoder.
  const named = new Set<string>();

  function decoderFor(stream: number, encoding: string, fatal: boolean, ignoreBOM: boolean): HostTextDecoder {
    const kept = stream === 0 ? undefined : open.get(stream);
    if (kept !== undefined) return kept;
    if (stream !== 0 && open.size >= MAX_OPEN_LEGACY_DECODERS) {
      throw new RangeError(`TextDecoder.decode(input, { stream: true }): ${MAX_OPEN_LEGACY_DECODERS} ${encoding} decoders are mid-stream at once; finish each stream with a final decode() call without { stream: true }`);
    }
    const decoder = new HostTextDecoder(encoding, { fatal, ignoreBOM });
    if (stream !== 0) open.set(stream, decoder);
    return decoder;
  }

  return {
    legacyEncoding(label) {
      if (typeof label !== 'string') throw new TypeError('legacyEncoding(): the label must be a string');
      const encoding = encodingOf(label);
      // UTF-8 is the realm's own; the host answers only for the others.
      if (encoding === 'utf-8' || encoding === '') return '';
      named.add(encoding);
      return encoding;
    },
    legacyDecode(stream, encoding, fatal, ignoreBOM, bytes, more) {
      if (typeof stream !== 'number' || !Number.isSafeInteger(stream) || stream < 0) throw new TypeError('legacyDecode(): the stream must be a non-negative integer');
      if (typeof encoding !== 'string' || !named.has(encoding)) throw new TypeError('legacyDecode(): the encoding must be a legacy encoding name from legacyEncoding()');
      const input = copyFromRealm(bytes, 'legacyDecode(): bytes');
      const decoder = decoderFor(stream, encoding, fatal === true, ignoreBOM === true);
      const keep = more === true && stream !== 0;
      try {
        return decoder.decode(input, { stream: keep });
      } catch (error) {
        open.delete(stream);
        // A fatal decoder rejects invalid input with a TypeError; anything else is not the input's fault.
        if (!(error instanceof TypeError)) throw error;
        throw new TypeError(`TextDecoder.decode(): the input is not valid ${encoding} (the decoder is fatal)`);
      } finally {
        if (!keep) open.delete(stream);
      }
    },
    legacyDecodeRelease(stream) {
      if (typeof stream === 'number') open.delete(stream);
    },
  };
}
