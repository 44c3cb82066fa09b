/**
 * Issue 15, CLI conventions, through the real binary: every command and verb has --help (-h) with
 * its flags and an example; `weft --help` lists the commands and `weft --version` prints the
 * package's; a mistyped command or flag gets "did you mean" and a pointer to --help; exit statuses
 * are 0 done, 1 failed, 2 usage, and every error reads `weft <command>: ...`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';
import { weftRun } from '../helpers/weft-bin.ts';

const COMMANDS = ['serve', 'dev', 'build', 'init', 'validate', 'kv', 'kv list', 'kv get', 'kv put', 'kv delete', 'kv token', 'deploy', 'token'];
const here = tempDir();

describe('weft <command> --help', () => {
  for (const command of COMMANDS) {
    it(`weft ${command} --help (and -h) prints the usage, every flag and an example, exit 0`, async () => {
      const long = await weftRun([...command.split(' '), '--help'], here);
      expect(long.status).toBe(0);
      expect(long.stderr).toBe('');
      expect(long.stdout.startsWith(`Usage: weft ${command} `)).toBe(true);
      expect(long.stdout).toMatch(/\nOptions:\n[\s\S]*-h, --help +show this help\n/);
      expect(long.stdout).toMatch(new RegExp(`\\nExamples:\\n  weft ${command}\\b`));
      // The short form prints the same (each process takes a moment to start: a sample of them).
      if (['serve', 'init', 'kv get'].includes(command)) expect(await weftRun([...command.split(' '), '-h'], here)).toEqual(long);
    });
  }

  it('every flag the parser accepts is in the help', async () => {
    const serve = (await weftRun(['serve', '--help'], here)).stdout;
    for (const flag of ['--port N', '--listen ADDRESS', '--origin URL', '--host NAME=URL', '--origin-id ID=URL', '--var PMUSER_X=value', '--tier', '--threads N', '--config FILE', '--edgekv DIR', '--inspect[=PORT]']) expect(serve).toContain(flag);
    const dev = (await weftRun(['dev', '--help'], here)).stdout;
    for (const flag of ['--port N', '--threads N', '--inspect[=PORT]']) expect(dev).toContain(flag);
  });
});

describe('weft itself', () => {
  it('weft --help (and weft help) lists every command, exit 0; weft alone prints it as a usage error', async () => {
    const help = await weftRun(['--help'], here);
    expect(help.status).toBe(0);
    for (const command of ['dev', 'serve', 'build', 'validate', 'init', 'kv', 'deploy', 'token']) expect(help.stdout).toMatch(new RegExp(`\\n  ${command}\\b`));
    expect(await weftRun(['-h'], here)).toEqual(help);
    expect(await weftRun(['help'], here)).toEqual(help);
    expect((await weftRun(['help', 'build'], here)).stdout).toBe((await weftRun(['build', '--help'], here)).stdout);
    const bare = await weftRun([], here);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toBe(help.stdout);
  });

  it('weft --version and -v print the version of @weft/cli', async () => {
    const { version } = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const run = await weftRun([flag], here);
      expect(run).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('a mistyped command gets "did you mean" and a pointer to --help, exit 2', async () => {
    const typo = await weftRun(['biuld'], here);
    expect(typo).toEqual({ status: 2, stdout: '', stderr: 'weft: unknown command "biuld"; did you mean `weft build`?\nRun `weft --help` for the list of commands.\n' });
    expect((await weftRun(['val', 'x.tgz'], here)).stderr).toContain('did you mean `weft validate`?');
    const nothingClose = await weftRun(['frobnicate'], here);
    expect(nothingClose.status).toBe(2);
    expect(nothingClose.stderr).toContain('unknown command "frobnicate"; the commands are dev, serve, build, validate, init, kv, deploy, token');
    expect((await weftRun(['--verison'], here)).stderr).toContain('unknown option --verison; did you mean --version?');
    expect((await weftRun(['kv', 'lst'], here)).stderr).toBe('weft kv: unknown verb "lst"; did you mean `weft kv list`?\nRun `weft kv --help` for its flags and examples.\n');
  });
});

describe('mistyped flags and wrong arguments: exit 2, one format, did you mean', () => {
  const typos: Array<[string[], string, string]> = [
    [['serve', 'main.js', '--orign', 'http://x'], 'serve', '--origin'],
    [['dev', '--prot', '9300'], 'dev', '--port'],
    [['build', '--minfy'], 'build', '--minify'],
    [['init', 'x', '--nmae', 'y'], 'init', '--name'],
    [['validate', 'x.tgz', '--jsno'], 'validate', '--json'],
    [['kv', 'put', 'a', 'b', 'c', '--flie', 'v.json'], 'kv put', '--file'],
    [['kv', 'token', 'shop', '--permisions', 'r'], 'kv token', '--permissions'],
    [['deploy', 'app', '--ewid', '42'], 'deploy', '--ew-id'],
    [['token', 'www.example.com', '--expirey', '60'], 'token', '--expiry'],
    [['serve', 'main.js', '-port', '80'], 'serve', '--port'],
  ];
  for (const [args, command, meant] of typos) {
    it(`weft ${args.join(' ')}`, async () => {
      const run = await weftRun(args, here);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`^weft ${command}: unknown flag -?-\\w+; did you mean ${meant}\\?\\nRun \`weft ${command} --help\` for its flags and examples\\.\\n$`));
    });
  }

  const usage: Array<[string[], string, RegExp]> = [
    [['init'], 'init', /missing one folder to create the worker in/],
    [['init', 'a', 'b'], 'init', /too many arguments \("a" "b"\)/],
    [['serve'], 'serve', /missing the worker to serve/],
    [['serve', 'nope.js'], 'serve', /nope\.js: no such file or folder; pass a main\.js/],
    [['serve', 'x.js', '--port', 'eighty'], 'serve', /--port must be a number, got "eighty"/],
    [['dev', '--threads', '99'], 'dev', /--threads must be an integer from 0 to 16, got 99/],
    [['dev', 'no-such-app'], 'dev', /unknown app "no-such-app"/],
    [['build', '--out'], 'build', /--out needs a value: --out DIR/],
    [['build', '--minify=yes'], 'build', /--minify takes no value/],
    [['validate', 'missing.tgz'], 'validate', /missing\.tgz does not exist; run `weft build`/],
    [['kv'], 'kv', /name a verb: list, get, put, delete, token/],
    [['deploy', 'app'], 'deploy', /missing --ew-id N: the EdgeWorker ID/],
    [['deploy', 'app', '--ew-id', '42', '--wait'], 'deploy', /--wait follows an activation; add --activate/],
    [['deploy', 'app', '--ew-id', '42', '--activate', '--network', 'prod'], 'deploy', /--network must be staging or production, got "prod"/],
    [['token'], 'token', /missing the hostnames the token is for/],
    [['token', 'https://www.example.com/'], 'token', /"https:\/\/www\.example\.com\/" is not a hostname; give www\.example\.com \(no scheme or path\)/],
  ];
  for (const [args, command, message] of usage) {
    it(`weft ${args.join(' ')}`, async () => {
      const run = await weftRun(args, here);
      expect(run.status, run.stderr).toBe(2);
      const [first, pointer, rest] = run.stderr.split('\n');
      expect(first?.startsWith(`weft ${command}: `)).toBe(true);
      expect(first).toMatch(message);
      expect(pointer).toBe(`Run \`weft ${command} --help\` for its flags and examples.`);
      expect(rest).toBe('');
      // No raw node:util parseArgs text, ever.
      expect(run.stderr).not.toMatch(/Unknown option '|To specify a positional argument|ERR_PARSE_ARGS/);
    });
  }

  it('a failure of the work itself is exit 1, in the same format, without the usage pointer', async () => {
    const app = tempDir({ 'weft.config.ts': `export default { entry: 'src/main.ts', prot: 1 };`, 'src/main.ts': 'export function onClientRequest() {}\n' });
    const build = await weftRun(['build'], app);
    expect(build.status).toBe(1);
    expect(build.stderr).toMatch(/unknown key "prot"/);
    const notTar = tempDir({ 'bad.tgz': 'not a tarball' });
    const validate = await weftRun(['validate', 'bad.tgz'], notTar);
    expect(validate.status).toBe(1);
    expect(validate.stderr).toMatch(/^bad\.tgz: 1 validation error\n {2}INVALID_GZIP_FORMAT/);
    const kv = await weftRun(['kv', 'get', 'shop', 'prices', 'apple', '--store', tempDir()], here);
    expect(kv.status).toBe(1);
    expect(kv.stderr).toMatch(/^weft kv get: no item shop\/prices\/apple in /);
    expect(kv.stderr).not.toContain('--help');
  });
});
