import { describe, expect, it } from 'vitest';
import { ArgsError, parseArgv, splitAssignment, usageLines } from '../src/args.ts';

const SPECS = {
  port: { type: 'number', value: 'N', description: 'port' },
  origin: { type: 'string', value: 'URL', description: 'origin' },
  var: { type: 'list', value: 'PMUSER_X=value', description: 'variable' },
  help: { type: 'boolean', description: 'help' },
} as const;

describe('parseArgv', () => {
  it('reads --flag value, --flag=value, repeated lists, booleans and positionals', () => {
    const parsed = parseArgv(['main.js', '--port', '8080', '--origin=http://x', '--var', 'PMUSER_A=1', '--var=PMUSER_B=a=b', '--help'], SPECS);
    expect(parsed.positionals).toEqual(['main.js']);
    expect(parsed.flags).toEqual({ port: 8080, origin: 'http://x', var: ['PMUSER_A=1', 'PMUSER_B=a=b'], help: true });
  });
  it('treats everything after -- as positionals', () => {
    expect(parseArgv(['--', '--port'], SPECS).positionals).toEqual(['--port']);
  });
  const bad: Array<[string[], string]> = [
    [['--prot', '1'], 'unknown flag --prot; did you mean --port?'],
    [['--zzz'], 'unknown flag --zzz; the flags here are --port, --origin, --var, --help'],
    [['-port', '1'], 'unknown flag -port; did you mean --port?'],
    [['--port'], '--port needs a value: --port N'],
    [['--port', '--origin', 'x'], '--port needs a value'],
    [['--port', 'eighty'], '--port must be a number, got "eighty"'],
    [['--help=yes'], '--help takes no value (got "yes")'],
  ];
  for (const [argv, message] of bad) {
    it(`rejects ${argv.join(' ')} naming the flag and the value`, () => {
      expect(() => parseArgv(argv, SPECS)).toThrow(ArgsError);
      expect(() => parseArgv(argv, SPECS)).toThrow(message);
    });
  }
  it('splits NAME=VALUE at the first =', () => {
    expect(splitAssignment('var', 'PMUSER_PEM=a=b')).toEqual(['PMUSER_PEM', 'a=b']);
    expect(() => splitAssignment('host', 'api.example.com')).toThrow('--host expects NAME=VALUE, got "api.example.com"');
    expect(() => splitAssignment('host', '=x')).toThrow('--host expects NAME=VALUE');
  });
  it('prints one usage line per flag', () => {
    expect(usageLines(SPECS).split('\n')).toHaveLength(4);
    expect(usageLines(SPECS)).toContain('--var PMUSER_X=value');
  });
  // --inspect and --inspect=9230, as node takes them: the next argument stays a positional.
  it('reads a flag whose value is optional only with =', () => {
    const specs = { inspect: { type: 'optional', value: 'PORT', description: 'debugger' } } as const;
    expect(parseArgv(['--inspect', 'main.js'], specs)).toEqual({ positionals: ['main.js'], flags: { inspect: true } });
    expect(parseArgv(['--inspect=9230', 'main.js'], specs).flags).toEqual({ inspect: '9230' });
    expect(usageLines(specs)).toContain('--inspect[=PORT]');
  });
});
