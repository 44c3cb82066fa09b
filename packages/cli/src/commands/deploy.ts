/**
 * `weft deploy <app | bundle.tgz> --ew-id N [--activate [--network staging|production] [--wait]]`:
 * builds the app (or takes a built .tgz), validates it locally, uploads it as a new version of the
 * EdgeWorker through the EdgeWorkers API, and optionally activates it and follows the activation
 * until it ends. Credentials come from an .edgerc file (deploy/edgerc.ts).
 */
import path from 'node:path';
import { ArgsError, integerFlag, type FlagSpecs } from '../args.ts';
import { runCommand, type CommandSpec } from '../command.ts';
import type { Network } from '../deploy/api-client.ts';
import { deployableBundle } from '../deploy/bundle-source.ts';
import { followActivation } from '../deploy/follow.ts';
import { clientFrom, EDGERC_FLAGS } from '../deploy/options.ts';
import { uploadVersion } from '../deploy/upload.ts';
import { formatBytes } from '../format.ts';

export const DEPLOY = {
  name: 'deploy',
  synopsis: 'deploy [app | bundle.tgz] --ew-id N [options]',
  summary: 'Builds the app, validates the bundle, and uploads it as a new version of an EdgeWorker; with --activate, activates it.',
  notes: [
    'app: a name under apps/ or a folder with a weft.config.ts (built into ./dist as `weft build` does), or a .tgz',
    'to ship as it is; with none, the app whose folder this is. The version is the bundle\'s "edgeworker-version".',
    'A version that exists with other content is refused (versions are never replaced); one that exists with this',
    'same bundle is not uploaded again, so running the command again after a failure is safe.',
    'Credentials: an .edgerc file with host, client_token, client_secret and access_token (an API client with',
    'READ-WRITE access to the EdgeWorkers API). A loopback host (127.0.0.1:PORT) is reached over plain http, for a mock.',
  ],
  flags: {
    'ew-id': { type: 'number', value: 'N', description: 'the EdgeWorker ID to upload to (required)' },
    activate: { type: 'boolean', description: 'activate the version once uploaded' },
    network: { type: 'string', value: 'NETWORK', description: 'staging or production: where --activate activates it (default staging)' },
    wait: { type: 'boolean', description: 'with --activate: follow the activation until it completes or fails' },
    interval: { type: 'number', value: 'SECONDS', description: 'with --wait: seconds between two status checks (default 10)' },
    ...EDGERC_FLAGS,
  },
  examples: [
    ['weft deploy my-worker --ew-id 4242', 'build, validate and upload a new version'],
    ['weft deploy my-worker --ew-id 4242 --activate --wait', 'and activate it on staging, following it to the end'],
    ['weft deploy dist/my-worker.tgz --ew-id 4242 --activate --network production', 'a built bundle, to production'],
    ['weft deploy --ew-id 4242 --edgerc ~/.edgerc --section edgeworkers', 'inside an app\'s folder, other credentials'],
  ],
} as const satisfies CommandSpec<FlagSpecs>;

function networkOf(value: string | undefined): Network {
  if (value === undefined) return 'STAGING';
  const upper = value.toUpperCase();
  if (upper === 'STAGING' || upper === 'PRODUCTION') return upper;
  throw new ArgsError(`--network must be staging or production, got ${JSON.stringify(value)}`);
}

export function run(args: string[]): Promise<number> {
  return runCommand(DEPLOY, args, async ({ flags, positionals }) => {
    if (positionals.length > 1) throw new ArgsError(`too many arguments (${positionals.map((arg) => JSON.stringify(arg)).join(' ')}); expected one app or bundle.tgz`);
    const ewId = integerFlag('ew-id', flags['ew-id'], 1, 2 ** 31 - 1);
    if (ewId === undefined) throw new ArgsError('missing --ew-id N: the EdgeWorker ID to upload to (Control Center > EdgeWorkers lists them)');
    if (flags.network !== undefined && flags.activate !== true) throw new ArgsError('--network says where to activate; add --activate');
    if (flags.wait === true && flags.activate !== true) throw new ArgsError('--wait follows an activation; add --activate');
    const network = networkOf(flags.network);
    const interval = flags.interval ?? 10;
    if (!(interval > 0 && interval <= 600)) throw new ArgsError(`--interval must be from 0 to 600 seconds, got ${interval}`);
    // Credentials first: a wrong .edgerc is reported before a build that would be for nothing.
    const client = clientFrom(flags);

    const bundle = await deployableBundle(positionals[0]);
    const shown = path.relative(process.cwd(), bundle.file) || bundle.file;
    const out = (line: string): boolean => process.stdout.write(`${line}\n`);
    out(`${bundle.builtFrom === undefined ? '' : `${bundle.builtFrom}: built `}${shown}: valid, ${formatBytes(bundle.tgz.length)}, edgeworker-version ${bundle.version}`);
    for (const warning of bundle.report.warnings) out(`  warning: ${warning.message}`);

    const uploaded = await uploadVersion(client, ewId, bundle.version, bundle.tgz, { note: (line) => process.stderr.write(`weft deploy: ${line}\n`) });
    out(
      uploaded.how === 'already'
        ? `version ${bundle.version} of EdgeWorker ${ewId} is already on the platform with this same bundle; not uploaded again`
        : `uploaded version ${bundle.version} to EdgeWorker ${ewId}${uploaded.how === 'arrived' ? ' (it arrived before the connection broke)' : ''}`,
    );
    if (flags.activate !== true) {
      out(`activate it with: weft deploy ${positionals[0] ?? ''}${positionals[0] === undefined ? '' : ' '}--ew-id ${ewId} --activate --wait`);
      return 0;
    }
    const activation = await client.activate(ewId, network, bundle.version);
    if (flags.wait !== true) {
      out(`activation ${activation.activationId} of version ${bundle.version} on ${network}: ${activation.status}; it takes a few minutes (add --wait to follow it)`);
      return 0;
    }
    const done = await followActivation(client, activation, { intervalMs: interval * 1000, tty: process.stdout.isTTY === true, write: (text) => process.stdout.write(text) });
    out(`version ${done.version} is active on ${done.network}`);
    return 0;
  });
}
