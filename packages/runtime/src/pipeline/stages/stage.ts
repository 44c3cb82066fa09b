import type { Exchange } from '../exchange.ts';

/** One step of the event model: when it applies, and what it does to the exchange. */
export interface Stage {
  name: string;
  when(ex: Exchange): boolean;
  run(ex: Exchange): Promise<void> | void;
}
