export * from './limits.ts';
export * from './handlers.ts';
export * from './errors.ts';
export * from './host/invocation.ts';
export { collectGarbage } from './host/collect-garbage.ts';
export * from './modules/index.ts';
export * from './objects/index.ts';
