/**
 * The part of zod Weft uses, named one by one: zod's own namespace carries every locale (over half
 * a megabyte once bundled), which both the CLI's thread and every edge thread would parse at start-up.
 * A schema function missing here is a type error where it is used: add it to this list.
 */
export { array, boolean, custom, enum, instanceof, iso, literal, looseObject, number, object, record, strictObject, string, tuple, union, unknown } from 'zod';
export type { core, infer, input, output, ZodObject, ZodString, ZodType } from 'zod';
