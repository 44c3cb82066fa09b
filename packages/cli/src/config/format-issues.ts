/**
 * Turns zod issues into lines a newcomer can act on: the file, the key path, what was expected and
 * what was found (docs/design.md principle 5).
 */
import type { z } from '@weft/runtime/zod';
import { valueAt } from '@weft/runtime';

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const text = String(key);
      if (/^[A-Za-z_$][\w$]*$/.test(text)) return index === 0 ? text : `.${text}`;
      return `[${JSON.stringify(text)}]`;
    })
    .join('');
}

function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** One line per issue: `<path>: <what is expected>, got <what was found>`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.map((issue) => {
    const where = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => `"${key}"`).join(', ');
      const base = issue.path.length === 0 ? '' : `${where}: `;
      return `${base}unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}; remove ${issue.keys.length > 1 ? 'them' : 'it'} or check the spelling`;
    }
    if (issue.code === 'invalid_key') {
      const key = String(issue.path[issue.path.length - 1]);
      const reason = issue.issues.map((inner) => inner.message).join('; ');
      return `${formatPath(issue.path.slice(0, -1))}: invalid key ${JSON.stringify(key)}: ${reason}`;
    }
    const got = describeReceived(valueAt(input, issue.path));
    if (issue.code === 'invalid_type') return `${where}: expected ${issue.expected}, got ${got}`;
    if (issue.code === 'invalid_value') {
      const options = issue.values.map((value) => JSON.stringify(value)).join(' | ');
      return `${where}: expected one of ${options}, got ${got}`;
    }
    if (issue.code === 'invalid_union') return `${where}: ${issue.message.replace(/^Invalid input$/, 'no allowed form matches')}, got ${got}`;
    return `${where}: ${issue.message}, got ${got}`;
  });
}
