/**
 * Status line plus header lines, in bytes, as the response-header size limit counts them (spec
 * §21.2): from the raw name/value list when the dispatcher exposes it, else from the parsed headers.
 */
export type RawHeaders = Record<string, string | string[] | undefined>;

export function headerBytes(status: number, headers: RawHeaders | ReadonlyArray<Uint8Array | string>): number {
  let bytes = `HTTP/1.1 ${status} \r\n`.length;
  if (Array.isArray(headers)) {
    const list = headers as ReadonlyArray<Uint8Array | string>;
    for (const item of list) bytes += typeof item === 'string' ? Buffer.byteLength(item) : item.byteLength;
    return bytes + 2 * list.length;
  }
  const parsed = headers as RawHeaders;
  for (const name of Object.keys(parsed)) {
    const value = parsed[name];
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) bytes += name.length + Buffer.byteLength(v) + 4;
  }
  return bytes;
}
