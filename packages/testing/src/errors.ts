/** Errors of the testing helpers: a misuse of `startWorker` or `send`, named with what to do. */
import { WeftError } from '@weft/platform';

export class TestingError extends WeftError {
  constructor(message: string) {
    super('WEFT_TESTING_MISUSE', message);
  }
}
