/**
 * The enhanced `status_msg` field (spec §22.4): comma-separated `file:function:line:column` frames,
 * `+`, then `<ErrorName>:+<message>`, URL-form-encoded (spaces as `+`, reserved characters as %XX).
 */
export interface StackFrame {
  file: string;
  function: string;
  line: number;
  column: number;
}

// Kept as is: unreserved characters plus the separators the documented examples show unencoded.
const KEEP = /[A-Za-z0-9\-_.~:,/!*'()@$]/;

export function formEncode(text: string): string {
  let out = '';
  for (const char of text) {
    if (char === ' ') out += '+';
    else if (KEEP.test(char)) out += char;
    else for (const byte of new TextEncoder().encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function formatStatusMessage(error: { name: string; message: string; frames: readonly StackFrame[] } | undefined): string {
  if (error === undefined) return '-';
  const frames = error.frames.map((f) => `${formEncode(f.file)}:${formEncode(f.function)}:${f.line}:${f.column}`).join(',');
  const text = formEncode(`${error.name}: ${error.message}`);
  return frames === '' ? text : `${frames}+${text}`;
}
