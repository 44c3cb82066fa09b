// Shared pieces of the compose toolkit (API orchestration and HTML assembly build on these).
export * from './errors.ts';
export * from './route.ts';
export * from './context.ts';
export * from './template.ts';
export * from './when.ts';
export * from './limiter.ts';
export * from './deadline.ts';
export * from './schema.ts';
export * from './freshness.ts';
export * from './failure.ts';
export * from './source.ts';
export * from './fetch.ts';
export * from './graph.ts';
export * from './plan.ts';
