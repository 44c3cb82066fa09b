// House rules that a type checker does not see (../shared/STYLE.md). Prints each finding; exits 1 on any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const findings = [];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|mts)$/.test(name)) yield path;
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
