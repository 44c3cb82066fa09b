/** The `key=value; key=value` syntax shared by every simulation header (docs/decisions.md). */
import { describeValue } from '@weft/platform';
import { SimulationHeaderError } from './simulation-error.ts';

export function parseKeyValueList(header: string, text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of text.split(';')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) {
      throw new SimulationHeaderError(header, `expected key=value pairs separated by ";", got ${describeValue(item)}`);
    }
    pairs.push([item.slice(0, eq).trim(), item.slice(eq + 1).trim()]);
  }
  return pairs;
}
