/**
 * `weft token <hostname...>`: asks the EdgeWorkers API for an `Akamai-EW-Trace` value, which turns
 * on enhanced debug headers (platform §22.1) for those hostnames. Only the value goes to stdout, so
 * `$(weft token www.example.com)` fits in a curl line; `weft dev` and `weft serve` accept the same
 * header, so that line works locally and on staging alike.
 */
import { ArgsError, integerFlag, type FlagSpecs } from '../args.ts';
import { runCommand, type CommandSpec } from '../command.ts';
import { clientFrom, EDGERC_FLAGS } from '../deploy/options.ts';

export const TOKEN = {
  name: 'token',
  synopsis: 'token <hostname...> [options]',
  summary: 'Prints an Akamai-EW-Trace value that turns on enhanced debug headers for the hostnames.',
  notes: [
    'Send it with a debug Pragma: curl -H "Pragma: akamai-x-ew-debug" -H "Akamai-EW-Trace: $(weft token HOST)" https://HOST/',
    '`weft dev` and `weft serve` take the same header (any value, or exactly `debugToken` when the config sets it).',
    'Credentials: an .edgerc file, as for `weft deploy`.',
  ],
  flags: {
    expiry: { type: 'number', value: 'MINUTES', description: 'how long the token is valid, 1 to 720 (default 480)' },
    ...EDGERC_FLAGS,
  },
  examples: [
    ['weft token www.example.com', 'a token for one hostname, valid 8 hours'],
    ['weft token www.example.com api.example.com --expiry 60', 'for two hostnames, valid one hour'],
  ],
} as const satisfies CommandSpec<FlagSpecs>;

const HOSTNAME = /^(\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function hostnameOf(given: string): string {
  if (HOSTNAME.test(given)) return given;
  const inUrl = /^[a-z]+:\/\/([^/:]+)/i.exec(given)?.[1];
  throw new ArgsError(`${JSON.stringify(given)} is not a hostname; ${inUrl !== undefined && HOSTNAME.test(inUrl) ? `give ${inUrl} (no scheme or path)` : 'give hostnames such as www.example.com, without scheme, port or path'}`);
}

export function run(args: string[]): Promise<number> {
  return runCommand(TOKEN, args, async ({ flags, positionals }) => {
    if (positionals.length === 0) throw new ArgsError('missing the hostnames the token is for (e.g. weft token www.example.com)');
    const hostnames = positionals.map(hostnameOf);
    const expiry = integerFlag('expiry', flags.expiry, 1, 720) ?? 480;
    const token = await clientFrom(flags).secureToken(hostnames, expiry);
    process.stdout.write(`${token}\n`);
    if (process.stdout.isTTY === true) process.stderr.write(`valid ${expiry} minutes for ${hostnames.join(', ')}; e.g. curl -H 'Pragma: akamai-x-ew-debug' -H 'Akamai-EW-Trace: ${token}' https://${hostnames[0]?.replace(/^\*\./, 'www.') ?? ''}/\n`);
    return 0;
  });
}
