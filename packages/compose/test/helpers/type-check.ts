/**
 * The TypeScript compiler, run from a test on files that `pnpm typecheck` does not see (fixtures
 * that must fail, code blocks of a README), with the repository's own compiler options. Returns
 * each diagnostic with its file, line and whole message (the chain flattened), which is what a
 * developer reads in an editor.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface Diagnostic {
  file: string;
  /** 1-based. */
  line: number;
  message: string;
}

function options(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error('tsconfig.json did not parse');
  return { ...parsed.options, noEmit: true };
}

/**
 * Type-checks `files` (absolute paths) together. `virtual` gives the text of files that exist only
 * in memory (a README's code blocks placed as if they were files of an app); the others are read
 * from disk. Diagnostics are those of `files` only.
 */
export function typeCheck(files: readonly string[], virtual: ReadonlyMap<string, string> = new Map()): Diagnostic[] {
  const compilerOptions = options();
  const host = ts.createCompilerHost(compilerOptions, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => virtual.get(path.resolve(name)) ?? readFile(name);
  host.fileExists = (name) => virtual.has(path.resolve(name)) || fileExists(name);
  host.getSourceFile = (name, language, onError, shouldCreate) => {
    const text = virtual.get(path.resolve(name));
    return text === undefined ? getSourceFile(name, language, onError, shouldCreate) : ts.createSourceFile(name, text, language, true);
  };
  const program = ts.createProgram({ rootNames: [...files], options: compilerOptions, host });
  const wanted = new Set(files.map((file) => path.resolve(file)));
  const found: Diagnostic[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (diagnostic.file === undefined || diagnostic.start === undefined) {
      found.push({ file: '(global)', line: 0, message });
      continue;
    }
    const file = path.resolve(diagnostic.file.fileName);
    if (!wanted.has(file)) continue;
    found.push({ file, line: diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1, message });
  }
  return found;
}
