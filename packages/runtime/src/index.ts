export * from './config/schema.ts';
export * from './config/config-error.ts';
export * from './trace/schema.ts';
export * from './trace/store.ts';
