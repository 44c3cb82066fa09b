/**
 * packages/testing/README.md holds to its word (issue 15): a ```ts block captioned with a file's
 * path is that file, byte for byte. Those files are the documentation's examples, so `pnpm
 * typecheck` checks them and the suite runs them (readme/worker.test.ts, and the project of
 * fixtures/user-project in vitest-aliases.test.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { captionedFile, codeBlocks } from '../../compose/test/helpers/markdown.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

it('shows each example file as it is', () => {
  const captioned = codeBlocks(README).filter((block) => block.lang === 'ts' && captionedFile(block) !== undefined);
  expect(captioned.map(captionedFile)).toEqual([
    'packages/testing/test/fixtures/user-project/vitest.config.ts',
    'packages/testing/test/readme/worker.ts',
    'packages/testing/test/readme/worker.test.ts',
  ]);
  for (const block of captioned) {
    const file = captionedFile(block) ?? '';
    expect(block.text, `README.md:${block.line} differs from ${file}`).toBe(readFileSync(`${ROOT}${file}`, 'utf8'));
  }
});
