/**
 * `mockSubrequests`: answers the worker's `httpRequest` calls from a table of routes and records
 * every call. It is an undici MockAgent (habit 7) behind one interceptor: the interceptor reads the
 * request body, records the call, finds its route and works out the answer (a function may be
 * async); the MockAgent then delivers that answer to the platform's sub-request exchange as a
 * server would (head, body, or a network error). A call no route answers fails with an error that
 * names its method and URL and the route to add; `callHandler` then fails the test too.
 *
 * @example
 * ```ts
 * const api = mockSubrequests({
 *   'GET https://api.example.com/products/*': { json: { name: 'Tea' } },
 *   'POST /cart': (call) => ({ status: 201, json: { added: call.json() } }),
 * });
 * const result = await callHandler(worker.responseProvider, requestFor('responseProvider'), { subrequests: api });
 * expect(api.calls.map((call) => `${call.method} ${call.url}`)).toEqual(['GET https://api.example.com/products/1']);
 * ```
 */
import { currentInvocation } from '@weft/platform';
import { MockAgent, type Dispatcher } from 'undici';
import { UnmatchedSubrequestError } from '../errors.ts';
import { toReply, type Answer, type Reply } from './answer.ts';
import { headerRecord, readRequestBody, recordSubrequest, type RecordedSubrequest } from './recorded.ts';
import { parseRoute, type Route } from './route.ts';

/** An answer, a Response, or a function of the recorded call returning one of them. */
export type RouteAnswer = Answer | Response | ((call: RecordedSubrequest) => Answer | Response | Promise<Answer | Response>);

export type RouteTable = Readonly<Record<string, RouteAnswer>>;

const REPLY = Symbol('weft.reply');

type ReplyOptions = Dispatcher.DispatchOptions & { [REPLY]?: Reply };

export class SubrequestMock {
  readonly #routes: Array<{ route: Route; answer: RouteAnswer }> = [];
  readonly #calls: RecordedSubrequest[] = [];
  readonly #unmatched: RecordedSubrequest[] = [];
  /** Mistakes of the test's own routes (an invalid answer, a function that threw). */
  readonly #problems: Error[] = [];
  readonly #agent = new MockAgent();
  /** The dispatcher `callHandler` gives the platform's `httpRequest`. */
  readonly dispatcher: Dispatcher;

  constructor(table: RouteTable = {}) {
    for (const [route, answer] of Object.entries(table)) this.on(route, answer);
    this.#agent.disableNetConnect();
    this.#agent
      .get(() => true)
      .intercept({ path: () => true, method: () => true })
      .reply((options) => {
        const reply = (options as ReplyOptions)[REPLY];
        if (reply === undefined) throw new Error('weft: a sub-request reached the mock without an answer');
        // Thrown here, undici reports it to the exchange as a network error.
        if (reply.failure !== undefined) throw reply.failure;
        return { statusCode: reply.status, data: Buffer.from(reply.body), responseOptions: { headers: reply.headers } };
      })
      .persist();
    this.dispatcher = this.#agent.compose((dispatch) => (options, handler) => {
      void this.#answer(options).then((reply) => dispatch({ ...options, body: undefined, [REPLY]: reply } as ReplyOptions, handler));
      return true;
    });
  }

  /** Adds a route (`"GET https://api.example.com/items/*"`, `"/path"`, or a RegExp of the URL); routes added first win. */
  on(route: string | RegExp, answer: RouteAnswer): this {
    this.#routes.push({ route: parseRoute(route), answer });
    return this;
  }

  /** Every sub-request so far, in the order they were sent. */
  get calls(): readonly RecordedSubrequest[] {
    return this.#calls;
  }

  /** The sub-requests no route answered. */
  get unmatched(): readonly RecordedSubrequest[] {
    return this.#unmatched;
  }

  /** Forgets the recorded calls (the routes stay). */
  clear(): void {
    this.#calls.length = 0;
    this.#unmatched.length = 0;
    this.#problems.length = 0;
  }

  close(): Promise<void> {
    return this.#agent.close();
  }

  /** The error a test fails with: calls no route answered, or a route's own mistake; undefined when all went well. */
  failure(): Error | undefined {
    if (this.#unmatched.length > 0) return new UnmatchedSubrequestError(this.#unmatched.map((call) => unmatchedText(call, this.#routes)).join('\n'));
    return this.#problems[0];
  }

  /** Records the call and works out its reply; never rejects (a failure is delivered as a network error). */
  async #answer(options: Dispatcher.DispatchOptions): Promise<Reply> {
    const handler = currentInvocation()?.handler.name;
    try {
      const url = new URL(`${String(options.origin ?? '')}${options.path}`);
      const method = options.method.toUpperCase();
      const bytes = await readRequestBody(options.body);
      const found = this.#routes.find(({ route }) => (route.method === undefined || route.method === method) && route.matches(url));
      const call = recordSubrequest({ handler, method, url: url.href, headers: headerRecord(options.headers), bytes, route: found?.route.name });
      this.#calls.push(call);
      if (found === undefined) {
        this.#unmatched.push(call);
        return failed(new UnmatchedSubrequestError(unmatchedText(call, this.#routes)));
      }
      const value = typeof found.answer === 'function' ? await found.answer(call) : found.answer;
      const reply = await toReply(value, found.route.name);
      if (reply.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      return reply;
    } catch (error) {
      const problem = error instanceof Error ? error : new Error(String(error));
      this.#problems.push(problem);
      return failed(problem);
    }
  }
}

function failed(failure: Error): Reply {
  return { status: 500, headers: {}, body: new Uint8Array(0), failure, delayMs: 0 };
}

function unmatchedText(call: RecordedSubrequest, routes: ReadonlyArray<{ route: Route }>): string {
  const known = routes.length === 0 ? 'the table has no routes' : `routes: ${routes.map(({ route }) => route.name).join(', ')}`;
  return `no route answers the sub-request ${call.method} ${call.url} (${known}); add one, e.g. mockSubrequests({ '${call.method} ${call.url.split('?')[0]}': { status: 200, body: '...' } })`;
}

/** A sub-request mock answering from `table` (more routes with `.on(route, answer)`). */
export function mockSubrequests(table: RouteTable = {}): SubrequestMock {
  return new SubrequestMock(table);
}
