/**
 * Standard Schema v1 validation (zod, zod/mini, valibot, arktype ...). The toolkit depends only on
 * the spec's types, never on a validator, so a worker bundles just the validator its author picked.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';

export type { StandardSchemaV1 };
export type AnySchema = StandardSchemaV1<unknown, unknown>;
export type OutputOf<S> = S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : unknown;

export function isStandardSchema(value: unknown): value is AnySchema {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  const props = (value as { '~standard'?: { version?: unknown; validate?: unknown } })['~standard'];
  return props !== undefined && props.version === 1 && typeof props.validate === 'function';
}

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/**
 * Validates `value`; failures come back as readable "path: message" lines. Synchronous validators
 * (zod, valibot) answer synchronously, so the common path makes no promise.
 */
export function validate<S extends AnySchema>(schema: S, value: unknown): Validation<OutputOf<S>> | Promise<Validation<OutputOf<S>>> {
  const result = schema['~standard'].validate(value);
  return result instanceof Promise ? result.then((settled) => toValidation<OutputOf<S>>(settled)) : toValidation<OutputOf<S>>(result);
}

function toValidation<T>(result: StandardSchemaV1.Result<unknown>): Validation<T> {
  if (result.issues === undefined) return { ok: true, value: result.value as T };
  return { ok: false, issues: result.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`) };
}

export function formatPath(path: StandardSchemaV1.Issue['path']): string {
  if (path === undefined || path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    const key = typeof segment === 'object' ? segment.key : segment;
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'symbol') out += `[${String(key)}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out;
}
