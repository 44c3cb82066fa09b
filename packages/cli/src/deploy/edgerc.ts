/**
 * Reads EdgeGrid credentials from an `.edgerc` file (an INI file: `[section]`, `key = value`; the
 * default is `~/.edgerc`, section `default`), the file Akamai's own tools read. The library's reader
 * is not used: it prefers AKAMAI_* environment variables over the file and says little when a key
 * is missing, where these errors name the file, the section and the fix.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { EdgercError } from '../errors.ts';

export interface EdgegridCredentials {
  /** The API host as written, without scheme or trailing slash: `akab-....luna.akamaiapis.net`. */
  host: string;
  clientToken: string;
  clientSecret: string;
  accessToken: string;
}

export interface EdgercChoice {
  /** The file; `~/` is the home folder. Default `~/.edgerc`. */
  file?: string;
  /** Default `default`. */
  section?: string;
}

const KEYS = { host: 'host', clientToken: 'client_token', clientSecret: 'client_secret', accessToken: 'access_token' } as const;

export function defaultEdgercPath(): string {
  return path.join(homedir(), '.edgerc');
}

/** Sections of an INI text, each a map of its keys (the last of a repeated key wins). */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[([^\]]*)\]$/.exec(line);
    if (header !== null) {
      const name = (header[1] ?? '').trim();
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || current === undefined) continue;
    let value = line.slice(eq + 1).trim();
    const quoted = /^(['"])(.*)\1$/.exec(value);
    value = quoted === null ? value.replace(/\s+[;#].*$/, '') : (quoted[2] ?? '');
    current.set(line.slice(0, eq).trim(), value);
  }
  return sections;
}

export function readEdgerc(choice: EdgercChoice = {}): EdgegridCredentials {
  const file = choice.file === undefined ? defaultEdgercPath() : choice.file.replace(/^~(?=\/|$)/, homedir());
  const sectionName = choice.section ?? 'default';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${error instanceof Error ? error.message : String(error)})`;
    throw new EdgercError(`${file} ${reason}; create API credentials for the EdgeWorkers API in Akamai Control Center (Identity & Access > API clients), save them there as an .edgerc file, or pass --edgerc PATH`);
  }
  const sections = parseIni(text);
  const section = sections.get(sectionName);
  if (section === undefined) {
    const known = [...sections.keys()];
    throw new EdgercError(`${file} has no [${sectionName}] section; its sections: ${known.length > 0 ? known.join(', ') : '(none)'}; pass --section NAME`);
  }
  const values: Partial<Record<keyof typeof KEYS, string>> = {};
  const missing: string[] = [];
  for (const [field, key] of Object.entries(KEYS) as Array<[keyof typeof KEYS, string]>) {
    const value = section.get(key);
    if (value === undefined || value === '') missing.push(key);
    else values[field] = value;
  }
  if (missing.length > 0 || values.host === undefined || values.clientToken === undefined || values.clientSecret === undefined || values.accessToken === undefined) {
    throw new EdgercError(`[${sectionName}] of ${file} lacks ${missing.join(', ')}; an EdgeGrid section needs host, client_token, client_secret and access_token (copy them from the API client's credentials)`);
  }
  return { host: values.host.replace(/\/+$/, ''), clientToken: values.clientToken, clientSecret: values.clientSecret, accessToken: values.accessToken };
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Where requests go. The API is only served over HTTPS, and requests are always signed for
 * `https://<host>`. One exception, for a local mock of the API such as the tests' own: a loopback
 * host (`localhost`, `127.x.x.x`, `[::1]`) is reached over plain `http://`. An `http://` prefix
 * on any other host is refused, so credentials never travel unencrypted off the machine.
 */
export function apiEndpoint(host: string): { sendTo: string; signedFor: string } {
  const scheme = /^([a-z]+):\/\//i.exec(host)?.[1]?.toLowerCase();
  const bare = host.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  if (bare === '' || bare.includes('/')) throw new EdgercError(`host ${JSON.stringify(host)} in .edgerc is not a host name; write it as the credentials give it, e.g. akab-xxxx.luna.akamaiapis.net`);
  const hostname = bare.startsWith('[') ? bare.slice(0, bare.indexOf(']') + 1) : (bare.split(':')[0] ?? bare);
  const loopback = LOOPBACK.test(hostname);
  if (scheme !== undefined && scheme !== 'https' && !(scheme === 'http' && loopback)) {
    throw new EdgercError(`host ${JSON.stringify(host)} in .edgerc: the EdgeWorkers API is only reached over https (plain http:// is allowed for a loopback mock alone); write the host without a scheme`);
  }
  return { sendTo: `${loopback ? 'http' : 'https'}://${bare}`, signedFor: `https://${bare}` };
}
