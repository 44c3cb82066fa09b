/**
 * The flags `weft deploy`, `weft token` and `weft validate --remote` share (which credentials), and
 * the client they build from them.
 */
import { EdgeWorkersClient } from './api-client.ts';
import { readEdgerc } from './edgerc.ts';

export const EDGERC_FLAGS = {
  edgerc: { type: 'string', value: 'PATH', description: 'the EdgeGrid credentials file (default ~/.edgerc)' },
  section: { type: 'string', value: 'NAME', description: 'its section to use (default "default")' },
} as const;

export function clientFrom(flags: { edgerc?: string; section?: string }): EdgeWorkersClient {
  return new EdgeWorkersClient(readEdgerc({ file: flags.edgerc, section: flags.section }));
}
