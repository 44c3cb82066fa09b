import { tempDir } from './temp.ts';

/** A small TypeScript worker app: a helper module, a built-in import, a config. */
export function sampleApp(overrides: Record<string, string> = {}): string {
  return tempDir({
    'package.json': JSON.stringify({ name: 'sample', version: '2.3.4', description: 'A sample worker', type: 'module' }),
    'weft.config.ts': `import { defineConfig } from '@weft/cli';
export default defineConfig({ name: 'sample', entry: 'src/main.ts', bundle: { config: { logging: { level: 'info', ds2id: 12 } } } });
`,
    'src/greeting.ts': `export function greeting(name: string): string {\n  return \`hello \${name}\`;\n}\n`,
    'src/main.ts': `import { createResponse } from 'create-response';
import { greeting } from './greeting.ts';

export function responseProvider(request: { path: string }) {
  return createResponse(200, { 'content-type': ['text/plain'] }, greeting(request.path));
}
`,
    ...overrides,
  });
}
