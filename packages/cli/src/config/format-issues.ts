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

const article = (type: string): string => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;

/** A branch of a union whose type the value has: its issues say what is wrong inside the value. */
function matchingBranch(issue: z.core.$ZodIssueInvalidUnion): readonly z.core.$ZodIssue[] | undefined {
  const fitting = issue.errors.filter((branch) => !branch.some((inner) => inner.path.length === 0 && inner.code === 'invalid_type'));
  return fitting.length === 1 ? fitting[0] : undefined;
}

/** A union none of whose branches takes the value's type: the types it takes. */
function unionTypes(issue: z.core.$ZodIssueInvalidUnion): string[] {
  return [...new Set(issue.errors.flatMap((branch) => branch.flatMap((inner) => (inner.path.length === 0 && inner.code === 'invalid_type' ? [inner.expected] : []))))];
}

/**
 * One line per issue: `<path>: <what is expected>, got <what was found>`. Inside a union (a mock
 * route's answer is a string or an object) the issues of the form the value has are reported, at
 * their own paths.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.flatMap((issue): string[] => {
    if (issue.code === 'invalid_union') {
      const branch = matchingBranch(issue);
      if (branch !== undefined) return formatIssues(branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })), input);
      const types = unionTypes(issue);
      if (types.length === issue.errors.length) return [`${formatPath(issue.path)}: expected ${types.map(article).join(' or ')}, got ${describeReceived(valueAt(input, issue.path))}`];
    }
    return [formatIssue(issue, input)];
  });
}

function formatIssue(issue: z.core.$ZodIssue, input: unknown): string {
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
  // A schema's own message (`expected a number from 100 to 599`) says more than the type.
  if (issue.code === 'invalid_type') return `${where}: ${issue.message.startsWith('expected ') ? issue.message : `expected ${issue.expected}`}, got ${got}`;
  if (issue.code === 'invalid_value') {
    const options = issue.values.map((value) => JSON.stringify(value)).join(' | ');
    return `${where}: expected one of ${options}, got ${got}`;
  }
  if (issue.code === 'invalid_union') return `${where}: ${issue.message.replace(/^Invalid input$/, 'no allowed form matches')}, got ${got}`;
  return `${where}: ${issue.message}, got ${got}`;
}
