/** Errors of the testing helpers, each named after what went wrong, with a stable code and what to do. */
import { WeftError } from '@weft/platform';

/** A misuse of `startWorker`, `send`, the request factories or `callHandler`, named with what to do. */
export class TestingError extends WeftError {
  constructor(message: string) {
    super('WEFT_TESTING_MISUSE', message);
  }
}

/**
 * A handler used a request member its handler does not have (spec §2.2), or assigned a read-only
 * one (spec §3.1). At the edge this is the TypeError in `cause`; the message says what to use instead.
 */
export class HandlerMemberError extends WeftError {
  readonly member: string;
  constructor(member: string, message: string, cause: unknown) {
    super('WEFT_TESTING_MEMBER', message, { cause });
    this.member = member;
  }
}

/** A sub-request that no route of the test's `mockSubrequests` table answers. */
export class UnmatchedSubrequestError extends WeftError {
  constructor(message: string) {
    super('WEFT_TESTING_UNMATCHED_SUBREQUEST', message);
  }
}
