/**
 * packages/compose/README.md and its three reference pages hold to their word (issue 15). A ```ts block captioned with a file's
 * path is that file, byte for byte (the tour apps' files, which `pnpm typecheck` checks); every
 * other ```ts block is compiled here with the repository's compiler options, as a module of a tour
 * app, and the words after each `@ts-expect-error:` must be in the compiler's message for the line
 * under it. test/compose-readme.test.ts runs the README's commands.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captionedFile, codeBlocks } from './helpers/markdown.ts';
import { ROOT, typeCheck } from './helpers/type-check.ts';

const READMES = ['packages/compose/README.md', 'packages/compose/src/api/README.md', 'packages/compose/src/core/README.md', 'packages/compose/src/html/README.md'];
// Snippets are placed in a tour app's src/, so they import '@weft/compose' and 'zod' as an app does.
const SNIPPET_DIR = path.join(ROOT, 'apps/compose-tour-merge/src');
const EXPECT = /\/\/ @ts-expect-error: (.+)$/;

const blocks = READMES.flatMap((readme) => codeBlocks(readFileSync(path.join(ROOT, readme), 'utf8')).map((block) => ({ readme, ...block })));
const tsBlocks = blocks.filter((block) => block.lang === 'ts');

describe('the compose README', () => {
  it('links the reference pages, so none is orphaned, and the root README links it', () => {
    const front = readFileSync(path.join(ROOT, 'packages/compose/README.md'), 'utf8');
    for (const page of ['src/api/README.md', 'src/html/README.md', 'src/core/README.md']) expect(front).toContain(`](${page})`);
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('](packages/compose/README.md)');
  });

  it('shows each tour app file as it is', () => {
    const captioned = tsBlocks.filter((block) => captionedFile(block) !== undefined);
    expect(captioned.map(captionedFile)).toEqual(['apps/compose-tour-merge/src/main.ts', 'apps/compose-tour-assemble/src/main.ts', 'apps/compose-tour-inject/src/main.ts']);
    for (const block of captioned) {
      expect(block.text, `${block.readme}:${block.line} differs from ${captionedFile(block)}`).toBe(readFileSync(path.join(ROOT, captionedFile(block) ?? ''), 'utf8'));
    }
  });

  it('every other ts block compiles, and each @ts-expect-error says what the compiler says', () => {
    const snippets = tsBlocks.filter((block) => captionedFile(block) === undefined);
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    const virtual = new Map<string, string>();
    const expectations: Array<{ file: string; line: number; text: string; from: string }> = [];
    snippets.forEach((block, index) => {
      const from = `${block.readme}:${block.line}`;
      virtual.set(path.join(SNIPPET_DIR, `readme-snippet-${index}.ts`), block.text);
      // The same code without the directives: the errors must be there, in the README's words.
      const bare = path.join(SNIPPET_DIR, `readme-snippet-${index}-bare.ts`);
      const lines = block.text.split('\n');
      lines.forEach((line, at) => {
        const match = EXPECT.exec(line);
        if (match !== null) expectations.push({ file: bare, line: at + 2, text: match[1] ?? '', from: `${from} (block line ${at + 1})` });
      });
      if (lines.some((line) => EXPECT.test(line))) virtual.set(bare, lines.map((line) => line.replace('// @ts-expect-error: ', '// says: ')).join('\n'));
    });
    const diagnostics = typeCheck([...virtual.keys()], virtual);
    const plain = diagnostics.filter((d) => !d.file.endsWith('-bare.ts'));
    expect(plain.map((d) => `${path.basename(d.file)}:${d.line}: ${d.message}`)).toEqual([]);
    for (const { file, line, text, from } of expectations) {
      const said = diagnostics.filter((d) => d.file === file && d.line === line).map((d) => d.message).join('\n---\n');
      expect(said, `${from}: the compiler should say "${text}"`).toContain(text);
    }
    const unexpected = diagnostics.filter((d) => d.file.endsWith('-bare.ts') && !expectations.some((e) => e.file === d.file && e.line === d.line));
    expect(unexpected.map((d) => d.message)).toEqual([]);
  }, 60_000);
});
