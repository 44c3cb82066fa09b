/** The fenced code blocks of a Markdown page, with what precedes each, for tests that hold a README to its word. */
export interface CodeBlock {
  /** The info string after the opening fence (`ts`, `sh`, `json`, ...). */
  lang: string;
  text: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The last non-blank line before the fence (a caption such as `` `apps/x/src/main.ts`: ``). */
  caption: string;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i] ?? '');
    if (open === null) continue;
    let end = i + 1;
    while (end < lines.length && lines[end] !== '```') end++;
    let before = i - 1;
    while (before >= 0 && (lines[before] ?? '').trim() === '') before--;
    blocks.push({ lang: open[1] ?? '', text: lines.slice(i + 1, end).join('\n') + '\n', line: i + 1, caption: before < 0 ? '' : (lines[before] ?? '') });
    i = end;
  }
  return blocks;
}

/** The repository path a caption names, as in `` `apps/compose-tour-merge/src/main.ts`: ``. */
export function captionedFile(block: CodeBlock): string | undefined {
  return /^`([\w./-]+\.ts)`:$/.exec(block.caption.trim())?.[1];
}
