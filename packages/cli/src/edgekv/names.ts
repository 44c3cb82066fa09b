/** Name checks with messages a newcomer can act on; the rules are the helper's (runtime protocol). */
import { EDGEKV_NAME_RULES, type EdgeKvNameKind } from '@weft/runtime';
import { EdgeKvError } from '../errors.ts';

/** Why `value` is not a valid name of `kind`, or undefined when it is. */
export function nameProblem(kind: EdgeKvNameKind, value: string): string | undefined {
  const rule = EDGEKV_NAME_RULES[kind];
  if (rule.pattern.test(value)) return undefined;
  const why = value.length === 0 ? 'is empty' : value.length > rule.max ? `is ${value.length} characters long` : 'has characters outside A-Z a-z 0-9 _ -';
  return `${kind} ${JSON.stringify(value)} ${why}; an EdgeKV ${kind} name is 1 to ${rule.max} of A-Z a-z 0-9 _ -`;
}

export function checkName(kind: EdgeKvNameKind, value: string): string {
  const problem = nameProblem(kind, value);
  if (problem !== undefined) throw new EdgeKvError('WEFT_EDGEKV_BAD_NAME', problem);
  return value;
}

/** Sandbox ids name a folder of the store, so they follow the same character rule. */
export const SANDBOX_ID = /^[A-Za-z0-9_-]{1,128}$/;
