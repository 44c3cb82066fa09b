// House rules that a type checker does not see (../shared/STYLE.md). Prints each finding; exits 1 on any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const findings = [];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|mts|mjs)$/.test(name)) yield path;
  }
}

function* listed(dir) {
  try {
    yield* files(dir);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
}

// Sources of the packages: every rule.
for (const pkg of readdirSync(join(root, 'packages'))) {
  for (const file of listed(join(root, 'packages', pkg, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(root, file);
    // compose runs inside the worker at the edge; the HTML engine is pure (STYLE.md habit 4).
    if ((pkg === 'compose' || pkg === 'html') && /from\s+['"]node:/.test(text)) findings.push(`${rel}: imports a node: module; ${pkg} must stay free of Node APIs`);
    if (/^\s*export\b[^\n]*:\s*any\b/m.test(text)) findings.push(`${rel}: \`any\` in an exported signature`);
    const lines = text.split('\n').length;
    if (lines > 600) findings.push(`${rel}: ${lines} lines; split it by concept (STYLE.md: most files well under 200)`);
  }
}

// Each package's sources import exactly what its package.json declares (dependencies and peer
// dependencies), and it declares nothing they do not import. Module names are read with
// TypeScript's scanner, so code inside template strings (the scaffold's files) does not count.
// The EdgeWorkers built-in modules (`http-request`, `create-response`, ...) are provided by the
// platform at the edge and by Weft locally, never installed.
const builtinTable = /BUILTIN_MODULE_NAMES = \[([^\]]*)\]/.exec(readFileSync(join(root, 'packages/platform/src/modules/index.ts'), 'utf8'));
if (builtinTable === null) throw new Error('lint: BUILTIN_MODULE_NAMES not found in packages/platform/src/modules/index.ts');
const EDGE_BUILTINS = new Set([...builtinTable[1].matchAll(/'([^']+)'/g)].map((match) => match[1]));
const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
for (const pkg of readdirSync(join(root, 'packages'))) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') continue;
    throw error;
  }
  const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }));
  const imported = new Map();
  for (const file of listed(join(root, 'packages', pkg, 'src'))) {
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (fileName.startsWith('.') || fileName.startsWith('node:') || builtinModules.includes(fileName) || EDGE_BUILTINS.has(fileName)) continue;
      const name = packageOf(fileName);
      if (name === manifest.name) continue;
      if (!imported.has(name)) imported.set(name, relative(root, file));
    }
  }
  for (const [name, file] of imported) if (!declared.has(name)) findings.push(`packages/${pkg}/package.json: ${file} imports '${name}', which is not declared; add it to dependencies (or peerDependencies)`);
  for (const name of declared) if (!imported.has(name)) findings.push(`packages/${pkg}/package.json: declares '${name}', which no source of the package imports; remove it`);
}

// Every test file in the repository (packages, apps, the root suites): none focused or skipped
// outright. A conditional skip (`it.skipIf(...)`, `it.runIf(...)`) states why it may not run.
for (const dir of ['packages', 'apps', 'test', 'bench', 'scripts']) {
  for (const file of listed(join(root, dir))) {
    if (!/\.test\.m?ts$/.test(file)) continue;
    const text = readFileSync(file, 'utf8');
    const focused = /\b(?:it|test|describe)\.(only|skip|todo)\(|\b(?:fit|fdescribe|xit|xdescribe)\(/.exec(text);
    if (focused !== null) findings.push(`${relative(root, file)}: a ${focused[1] === 'only' || focused[0].startsWith('f') ? 'focused' : 'skipped'} test (${focused[0].slice(0, -1)}); remove it before committing`);
  }
}

for (const f of findings) console.log(f);
console.log(findings.length === 0 ? 'lint: clean' : `lint: ${findings.length} finding(s)`);
process.exitCode = findings.length === 0 ? 0 : 1;
