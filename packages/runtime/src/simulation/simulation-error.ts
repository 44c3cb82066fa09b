import { WeftError } from '@weft/platform';

/** A malformed `x-weft-*` simulation header: the server answers 400 with this message. */
export class SimulationHeaderError extends WeftError {
  readonly header: string;
  constructor(header: string, message: string) {
    super('WEFT_SIMULATION_BAD_HEADER', `${header}: ${message}`, { kind: 'user' });
    this.header = header;
  }
}
