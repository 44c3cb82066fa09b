// House rules a type checker does not see (docs/style.md). Prints each finding; exits 1 on any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const findings = [];

function* files(dir, pattern) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path, pattern);
    else if (pattern.test(name)) yield path;
  }
}

function* listed(dir, pattern = /\.(ts|mts|mjs)$/) {
  try {
    yield* files(dir, pattern);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
}

// Sources of the packages: every rule.
for (const pkg of readdirSync(join(root, 'packages'))) {
  for (const file of listed(join(root, 'packages', pkg, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(root, file);
    // compose runs inside the worker at the edge; the HTML engine is pure (docs/style.md habit 4).
    if ((pkg === 'compose' || pkg === 'html') && /from\s+['"]node:/.test(text)) findings.push(`${rel}: imports a node: module; ${pkg} must stay free of Node APIs`);
    if (/^\s*export\b[^\n]*:\s*any\b/m.test(text)) findings.push(`${rel}: \`any\` in an exported signature`);
    const lines = text.split('\n').length;
    if (lines > 600) findings.push(`${rel}: ${lines} lines; split it by concept (docs/style.md habit 1: most files well under 200)`);
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

// Citations of the platform contract and of Weft's decisions resolve (issue 13): `spec §N.M`, or a
// bare `§N.M`, names a numbered heading of docs/platform.md (`§2.3 rule 6` names 2.3.6), and
// `decision N` / `decisions N, M–P` a numbered heading of docs/decisions.md. A § right after another
// standard's name (`RFC 9110 §7.6.1`, `WHATWG URL §5.1`, `Encoding §4.2`) cites that standard, and so
// does the rest of a list it heads (`RFC 9112 §6.3 and §11.2`); a bare § of another standard must
// therefore name it.
const numbered = (file) => new Set([...readFileSync(join(root, file), 'utf8').matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.? /gm)].map((match) => match[1]));
const platformSections = numbered('docs/platform.md');
const decisionNumbers = numbered('docs/decisions.md');
const OTHER_STANDARD = /(?:RFC\s*\d+|WHATWG(?:\s+[A-Z][A-Za-z]*)?|URL|Encoding|WebIDL|ESI(?:\s+[\d.]+)?|HTML|Fetch|Streams|ECMA-?262)\s*$/;
const PLATFORM = /(?:spec|edgeworkers\.md|platform\.md)\s*$/i;
const LIST_GOES_ON = /^(?:\s*rule\s+\d+|\s*"[^"\n]*")?\s*(?:,|\/|–|and|or)\s*$/;
let citations = 0;

// The same for Weft's design and house style (issue 13): `habit N` (`habits N and M`, with or without
// docs/style.md before it) names a numbered heading under "## Habits" of docs/style.md, and
// `principle N` one under "## Principles" of docs/design.md. Those two pages are cited by their
// path in docs/ (by the bare file name from a page inside docs/); the upper-case STYLE, DESIGN and
// MEASUREMENTS notes outside the repository are not cited at all, by file or by name, and the
// unnumbered house rules are not cited by number.
function numberedUnder(file, section) {
  const found = new Set();
  let inside = false;
  for (const line of readFileSync(join(root, file), 'utf8').split('\n')) {
    if (/^## /.test(line)) inside = line.trim() === `## ${section}`;
    const heading = /^### (\d+)\. /.exec(line);
    if (inside && heading !== null) found.add(heading[1]);
  }
  if (found.size === 0) throw new Error(`lint: no numbered "### N." heading under "## ${section}" in ${file}`);
  return found;
}
const styleHabits = numberedUnder('docs/style.md', 'Habits');
const designPrinciples = numberedUnder('docs/design.md', 'Principles');
let styleCitations = 0;

function checkCitations(rel, text) {
  text.split('\n').forEach((line, index) => {
    const where = `${rel}:${index + 1}`;
    let previous;
    for (const match of line.matchAll(/§(\d+(?:\.\d+)*)(?:\s+rule\s+(\d+))?/g)) {
      const before = line.slice(0, match.index);
      const continuesList = previous !== undefined && LIST_GOES_ON.test(line.slice(previous.end, match.index));
      const platform = PLATFORM.test(before) || (!OTHER_STANDARD.test(before) && (continuesList ? previous.platform : true));
      previous = { end: match.index + match[0].length, platform };
      if (!platform) continue;
      citations += 1;
      const section = match[2] === undefined ? match[1] : `${match[1]}.${match[2]}`;
      if (!platformSections.has(section)) findings.push(`${where}: cites ${match[0]}, but docs/platform.md has no section ${section}`);
    }
    for (const match of line.matchAll(/\b[Dd]ecisions? (\d+(?:\s*(?:,|–|and|or)\s*\d+)*)/g)) {
      for (const part of match[1].split(/\s*(?:,|and|or)\s*/)) {
        const [from, to = from] = part.split('–').map(Number);
        for (let n = from; n <= to; n += 1) {
          citations += 1;
          if (!decisionNumbers.has(String(n))) findings.push(`${where}: cites decision ${n} (in "${match[0]}"), but docs/decisions.md has no decision ${n}`);
        }
      }
    }
    const outside = /(?:\.\.\/shared\/)?spec\/(?:edgeworkers|decisions|edgekv)\.md/.exec(line);
    if (outside !== null) findings.push(`${where}: cites ${outside[0]}, which is outside the repository; cite docs/platform.md, docs/decisions.md or docs/edgekv.md`);
    for (const match of line.matchAll(/\b([Hh]abit|[Pp]rinciple)s? (\d+(?:\s*(?:,|–|and|or)\s*\d+)*)/g)) {
      const [page, known] = match[1].toLowerCase() === 'habit' ? ['docs/style.md', styleHabits] : ['docs/design.md', designPrinciples];
      for (const part of match[2].split(/\s*(?:,|and|or)\s*/)) {
        const [from, to = from] = part.split('–').map(Number);
        for (let n = from; n <= to; n += 1) {
          styleCitations += 1;
          if (!known.has(String(n))) findings.push(`${where}: cites ${match[1].toLowerCase()} ${n} (in "${match[0]}"), but ${page} has no ${match[1].toLowerCase()} ${n}`);
        }
      }
    }
    for (const match of line.matchAll(/(?:[\w.-]*\/)*(?:STYLE|DESIGN|MEASUREMENTS)\.md/gi)) {
      const inDocs = rel.startsWith('docs/') && !match[0].includes('/');
      if (/(?:^|\/)docs\/(?:style|design)\.md$/.test(match[0]) || (inDocs && /^(?:style|design)\.md$/.test(match[0]))) continue;
      const instead = /style\.md$/i.test(match[0]) ? 'docs/style.md' : /measurements\.md$/i.test(match[0]) ? 'docs/design.md, Measurements' : 'docs/design.md';
      findings.push(`${where}: cites ${match[0]}, which is outside the repository (or misspelt); cite ${instead}`);
    }
    const byName = /\b(STYLE|DESIGN)(?= (?:house rules?|habits?|principles?)\b)/.exec(line);
    if (byName !== null) findings.push(`${where}: cites ${byName[1]} by name, the notes outside the repository; cite docs/${byName[1].toLowerCase()}.md`);
    if (/\bhouse rules? \d/i.test(line)) findings.push(`${where}: cites a house rule by number, but docs/style.md numbers only its habits; cite the habit, or quote the rule`);
  });
}

// Sources, tests, benchmarks and scripts of every package and app, the root suites, the docs and
// the READMEs (fixtures' .js included, since a fixture's comment is read as much as a test's).
const CITING = /\.(ts|mts|mjs|js|md)$/;
const folders = (dir) => readdirSync(join(root, dir)).filter((name) => statSync(join(root, dir, name)).isDirectory()).map((name) => join(root, dir, name));
const citingFiles = [
  ...[...folders('packages'), ...folders('apps')].flatMap((pkg) => [...listed(join(pkg, 'src'), CITING), ...listed(join(pkg, 'test'), CITING), join(pkg, 'README.md')]),
  ...['test', 'bench', 'scripts'].flatMap((dir) => [...listed(join(root, dir), CITING)]),
  ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join(root, 'docs', name)),
  join(root, 'README.md'),
];
for (const file of citingFiles) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') continue;
    throw error;
  }
  checkCitations(relative(root, file), text);
}

// Weft's error codes and docs/error-codes.md name the same codes (issue 13). A code is a `WEFT_*`
// string literal in a package's sources, read from TypeScript's syntax tree so comments do not
// count; a template whose fixed head is a code's start (`WEFT_COMPOSE_SOURCE_${reason}`) is a family,
// which the page lists with a placeholder (`WEFT_COMPOSE_SOURCE_<REASON>`). A template literal type
// (`WEFT_BUNDLE_${string}`) only constrains codes and raises none. On the page, `WEFT_<AREA>_...`
// (the naming scheme) and `WEFT_*` are not codes.
const raised = new Map();
function collectCodes(node, sourceFile, rel) {
  if (node.kind === ts.SyntaxKind.TemplateLiteralType) return;
  let code;
  if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /^WEFT_[A-Z0-9_]+$/.test(node.text)) code = node.text;
  if (ts.isTemplateExpression(node) && /^WEFT_[A-Z0-9_]*_$/.test(node.head.text)) code = `${node.head.text}<>`;
  if (code !== undefined) {
    const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
    if (!raised.has(code)) raised.set(code, []);
    raised.get(code).push(`${rel}:${line}`);
  }
  ts.forEachChild(node, (child) => collectCodes(child, sourceFile, rel));
}
for (const pkg of readdirSync(join(root, 'packages'))) {
  for (const file of listed(join(root, 'packages', pkg, 'src'), /\.(ts|mts)$/)) {
    const rel = relative(root, file);
    const sourceFile = ts.createSourceFile(rel, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    collectCodes(sourceFile, sourceFile, rel);
  }
}
const documented = new Map();
readFileSync(join(root, 'docs/error-codes.md'), 'utf8').split('\n').forEach((line, index) => {
  for (const match of line.matchAll(/\bWEFT_([A-Z0-9_]*)(<[A-Z]+>)?/g)) {
    if (match[1] === '') continue;
    if (match[2] === undefined && match[1].endsWith('_')) continue;
    const code = match[2] === undefined ? match[0] : `WEFT_${match[1]}<>`;
    if (!documented.has(code)) documented.set(code, { line: index + 1, shown: match[0] });
  }
});
const shownCode = (code) => code.replace(/<>$/, '<...>');
for (const [code, sites] of raised) {
  if (!documented.has(code)) findings.push(`${sites[0]}: raises ${shownCode(code)}${sites.length > 1 ? ` (and at ${sites.length - 1} more place(s))` : ''}, which docs/error-codes.md does not list; add its row (package, class, when, what to do)`);
}
for (const [code, { line, shown }] of documented) {
  if (!raised.has(code)) findings.push(`docs/error-codes.md:${line}: lists ${shown}, which no source under packages/*/src raises; remove the row, or fix the code's spelling`);
}

for (const f of findings) console.log(f);
console.log(findings.length === 0 ? `lint: clean (${citations} citations of docs/platform.md and docs/decisions.md, ${styleCitations} of docs/style.md and docs/design.md resolve; ${raised.size} error codes raised, ${documented.size} documented, the same)` : `lint: ${findings.length} finding(s)`);
process.exitCode = findings.length === 0 ? 0 : 1;
