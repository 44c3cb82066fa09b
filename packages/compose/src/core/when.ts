/**
 * The condition model: a condition is a plain predicate over the request context and the data
 * fetched so far. The helpers below cover the usual cases (country, device, cookie, header, query,
 * variable) and combine with `all`, `any` and `not`; any function with the same shape works too.
 */
import type { RequestContext } from './context.ts';
import { compileRoute } from './route.ts';

export type Condition<Ctx = RequestContext<string>, Data = unknown> = (ctx: Ctx, data: Data) => boolean;

/** A condition that reads only the request context; usable wherever any `Condition` is expected. */
export type ContextCondition = (ctx: RequestContext<string>) => boolean;

export function all<Ctx, Data>(...conditions: ReadonlyArray<Condition<Ctx, Data>>): Condition<Ctx, Data> {
  return (ctx, data) => conditions.every((c) => c(ctx, data));
}

export function any<Ctx, Data>(...conditions: ReadonlyArray<Condition<Ctx, Data>>): Condition<Ctx, Data> {
  return (ctx, data) => conditions.some((c) => c(ctx, data));
}

export function not<Ctx, Data>(condition: Condition<Ctx, Data>): Condition<Ctx, Data> {
  return (ctx, data) => !condition(ctx, data);
}

/** The visitor's country (ISO-3166 alpha-2, case-insensitive) is one of `codes` (spec §6). */
export function country(...codes: string[]): ContextCondition {
  const wanted = new Set(codes.map((c) => c.toUpperCase()));
  return (ctx) => ctx.location.country !== undefined && wanted.has(ctx.location.country.toUpperCase());
}

export function continent(...codes: string[]): ContextCondition {
  const wanted = new Set(codes.map((c) => c.toUpperCase()));
  return (ctx) => ctx.location.continent !== undefined && wanted.has(ctx.location.continent.toUpperCase());
}

/**
 * Device classes (spec §7). A device is a desktop only when the platform says it is neither a mobile
 * nor a tablet: without device data (no entitlement) none of the three holds.
 */
export const device = {
  desktop: ((ctx) => ctx.device.isMobile === false && ctx.device.isTablet === false) as ContextCondition,
  mobile: ((ctx) => ctx.device.isMobile === true && ctx.device.isTablet !== true) as ContextCondition,
  tablet: ((ctx) => ctx.device.isTablet === true) as ContextCondition,
};

/** The cookie is present (and, when given, equals `value` or matches the pattern). */
export function cookie(name: string, value?: string | RegExp): ContextCondition {
  return (ctx) => matches(ctx.cookie(name), value);
}

export function header(name: string, value?: string | RegExp): ContextCondition {
  return (ctx) => matches(ctx.header(name), value);
}

export function query(name: string, value?: string | RegExp): ContextCondition {
  return (ctx) => matches(ctx.query[name], value);
}

export function variable(name: string, value?: string | RegExp): ContextCondition {
  return (ctx) => matches(ctx.variable(name), value);
}

function matches(actual: string | undefined, expected: string | RegExp | undefined): boolean {
  if (actual === undefined) return false;
  if (expected === undefined) return true;
  return typeof expected === 'string' ? actual === expected : expected.test(actual);
}

/** The request path matches a route pattern such as `/users/:id` or `/static/*`. */
export function path(pattern: string): ContextCondition {
  const route = compileRoute(pattern);
  return (ctx) => route.match(ctx.path) !== undefined;
}
