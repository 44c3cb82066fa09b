/** A handler's variable changes as the trace (and @weft/testing's outcome) lists them. */
import type { VariableChange } from './schema.ts';

/** Every variable whose value differs, by name: set (before undefined), changed, or removed (after undefined). */
export function diffVariables(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): VariableChange[] {
  const changes: VariableChange[] = [];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(name) !== after.get(name)) changes.push({ name, before: before.get(name), after: after.get(name) });
  }
  return changes;
}
