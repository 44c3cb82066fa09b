/**
 * The part of the door (realm/raw-host.ts) that `TextDecoder` needs for the legacy encodings the
 * edge decodes (spec §17: ISO-8859-2, KOI8-R, GBK, ...). UTF-8 is decoded in the realm itself; the
 * other encodings' tables live in the host's ICU. A decoder in streaming mode keeps its state on the
 * host under a number the realm chose, until its last call or until the realm's decoder is collected.
 */
export interface TextDecodeHost {
  /** The canonical name of the encoding `label` names (WHATWG Encoding §4.2), or '' when no decoder exists for it. */
  legacyEncoding(label: string): string;
  /**
   * Decodes `bytes` (a realm Uint8Array the host copies at once) as `encoding`. `stream` is 0 for a
   * one-shot decode, else the realm's number for a streaming decoder, whose state the host keeps
   * while `more` is true and drops on the call where it is false.
   */
  legacyDecode(stream: number, encoding: string, fatal: boolean, ignoreBOM: boolean, bytes: Uint8Array, more: boolean): string;
  /** The realm's streaming decoder `stream` was collected mid-stream: the host drops its state. */
  legacyDecodeRelease(stream: number): void;
}
