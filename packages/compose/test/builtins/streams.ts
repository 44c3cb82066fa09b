// Vitest alias target for the bare built-in 'streams' (root vitest.config.ts): the namespace the
// runtime's loader gives a worker, taken from @weft/platform's registry.
import { builtinModule } from '@weft/platform';
import { unregistered } from './missing.ts';

const ns = builtinModule('streams') ?? unregistered('streams');

export const ReadableStream = ns.ReadableStream as never;
export const WritableStream = ns.WritableStream as never;
export const TransformStream = ns.TransformStream as never;
export const ByteLengthQueuingStrategy = ns.ByteLengthQueuingStrategy as never;
export const CountQueuingStrategy = ns.CountQueuingStrategy as never;
