/**
 * The BotScore object of onBotSegmentAvailable (spec §8). Exactly one segment test is true
 * ([INFERRED]); `isUnexpected` and `isUnexpectedResponse` are both provided (decisions 6).
 */
import { describeValue } from '../errors.ts';
import { SimulationValueError } from './errors.ts';

export const BOT_SEGMENTS = ['human', 'cautious', 'strict', 'safeguard', 'aggressive', 'unexpected'] as const;
export type BotSegment = (typeof BOT_SEGMENTS)[number];

export interface BotScoreResponseSegment {
  isHuman(): boolean;
  isCautiousResponse(): boolean;
  isStrictResponse(): boolean;
  isSafeguardResponse(): boolean;
  isAggressiveResponse(): boolean;
  isUnexpected(): boolean;
  isUnexpectedResponse(): boolean;
}

export interface BotScore {
  readonly responseSegment: BotScoreResponseSegment;
}

export function isBotSegment(value: string): value is BotSegment {
  return (BOT_SEGMENTS as readonly string[]).includes(value);
}

/** Parses a simulated segment name (`x-weft-bot: segment=strict`), case-insensitively. */
export function parseBotSegment(value: string, source = 'bot segment'): BotSegment {
  const name = value.trim().toLowerCase();
  if (isBotSegment(name)) return name;
  throw new SimulationValueError(`${source}: unknown segment ${describeValue(value)}; valid segments are ${BOT_SEGMENTS.join(', ')}`);
}

export function createBotScore(segment: BotSegment): BotScore {
  const responseSegment: BotScoreResponseSegment = Object.freeze({
    isHuman: () => segment === 'human',
    isCautiousResponse: () => segment === 'cautious',
    isStrictResponse: () => segment === 'strict',
    isSafeguardResponse: () => segment === 'safeguard',
    isAggressiveResponse: () => segment === 'aggressive',
    isUnexpected: () => segment === 'unexpected',
    isUnexpectedResponse: () => segment === 'unexpected',
  });
  return Object.freeze({ responseSegment });
}
