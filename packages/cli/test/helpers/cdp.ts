/**
 * A small Chrome DevTools Protocol client for tests: the main target of a process started with
 * `--inspect`, and sessions of its worker threads through the NodeWorker domain, as Chrome
 * DevTools and VS Code reach them. Plus a decoder of a source map's mappings, written apart from
 * the runtime's, to find the generated line of a source line.
 */
import { WebSocket } from 'undici';

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

type Waiter = { method: string; match: (params: Record<string, unknown>) => boolean; resolve: (params: Record<string, unknown>) => void };

/** Requests, replies and events of one protocol session (the main target, or one worker's). */
class Channel {
  readonly events: Message[] = [];
  readonly #replies = new Map<number, (message: Message) => void>();
  readonly #waiters: Waiter[] = [];
  #nextId = 1;

  constructor(private readonly write: (text: string) => void) {}

  receive(message: Message): void {
    if (message.id !== undefined) {
      this.#replies.get(message.id)?.(message);
      this.#replies.delete(message.id);
      return;
    }
    this.events.push(message);
    for (const waiter of [...this.#waiters]) {
      if (waiter.method === message.method && waiter.match(message.params ?? {})) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(message.params ?? {});
      }
    }
  }

  send(method: string, params: object = {}): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#replies.set(id, (message) => (message.error === undefined ? resolve(message.result ?? {}) : reject(new Error(`${method}: ${message.error.message}`))));
      this.write(JSON.stringify({ id, method, params }));
    });
  }

  /** The first event `method` (already received, or to come) whose params match. */
  event(method: string, match: (params: Record<string, unknown>) => boolean = () => true, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const seen = this.events.find((message) => message.method === method && match(message.params ?? {}));
    if (seen !== undefined) return Promise.resolve(seen.params ?? {});
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push({ method, match, resolve: (params) => { clearTimeout(timer); resolve(params); } });
    });
  }
}

export type { Channel };

export class Inspector {
  readonly main: Channel;
  readonly #socket: WebSocket;
  readonly #workers = new Map<string, Channel>();
  #enabled = false;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    this.main = new Channel((text) => socket.send(text));
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as Message;
      if (message.method === 'NodeWorker.receivedMessageFromWorker') {
        const params = message.params as { sessionId: string; message: string };
        this.#workers.get(params.sessionId)?.receive(JSON.parse(params.message) as Message);
        return;
      }
      this.main.receive(message);
    });
  }

  static async connect(url: string): Promise<Inspector> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve);
      socket.addEventListener('error', reject);
    });
    return new Inspector(socket);
  }

  /**
   * Sessions of the worker threads whose title contains `title` (at least `count` of them),
   * attached as DevTools attaches: NodeWorker.enable, then an attachedToWorker event per thread.
   */
  async workers(title: string, count = 1): Promise<Channel[]> {
    if (!this.#enabled) {
      this.#enabled = true;
      await this.main.send('NodeWorker.enable', { waitForDebuggerOnStart: false });
    }
    const matching = (): Message[] => this.main.events.filter((event) => event.method === 'NodeWorker.attachedToWorker' && String((event.params?.workerInfo as { title?: string } | undefined)?.title).includes(title));
    for (let waited = 0; matching().length < count; waited += 20) {
      if (waited > 10_000) throw new Error(`fewer than ${count} workers titled "${title}" within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const attached = matching();
    return attached.map((event) => {
      const sessionId = String(event.params?.sessionId);
      let channel = this.#workers.get(sessionId);
      if (channel === undefined) {
        channel = new Channel((text) => void this.main.send('NodeWorker.sendMessageToWorker', { sessionId, message: text }));
        this.#workers.set(sessionId, channel);
      }
      return channel;
    });
  }

  close(): void {
    this.#socket.close();
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Every mapping of a source map: generated line and column (0-based), source index, original line and column (0-based). */
export function decodeMappings(mappings: string): Array<[number, number, number, number, number]> {
  const out: Array<[number, number, number, number, number]> = [];
  const state = [0, 0, 0, 0];
  mappings.split(';').forEach((line, generatedLine) => {
    state[0] = 0;
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      fields.forEach((field, index) => (state[index] = (state[index] ?? 0) + field));
      if (fields.length >= 4) out.push([generatedLine, state[0] ?? 0, state[1] ?? 0, state[2] ?? 0, state[3] ?? 0]);
    }
  });
  return out;
}

export interface InlineMap {
  sourceRoot?: string;
  sources: string[];
  sourcesContent?: string[];
  mappings: string;
}

/** The source map of a `data:` sourceMappingURL. */
export function inlineMap(url: string): InlineMap {
  const comma = url.indexOf(',');
  return JSON.parse(Buffer.from(url.slice(comma + 1), 'base64').toString('utf8')) as InlineMap;
}

/** Where the first code of `line` (1-based) of the source ending with `source` was generated (0-based, as the protocol counts). */
export function generatedPosition(map: InlineMap, source: string, line: number): { lineNumber: number; columnNumber: number } {
  const index = map.sources.findIndex((name) => name.endsWith(source));
  const hits = decodeMappings(map.mappings).filter(([, , src, original]) => src === index && original === line - 1);
  const first = hits.sort((a, b) => a[0] - b[0] || a[1] - b[1])[0];
  if (first === undefined) throw new Error(`the map has no code for ${source}:${line}`);
  return { lineNumber: first[0], columnNumber: first[1] };
}

/** The original position (source, 1-based line) of a generated position, or undefined. */
export function originalPosition(map: InlineMap, lineNumber: number, columnNumber: number): { source: string; line: number } | undefined {
  const onLine = decodeMappings(map.mappings).filter(([generated, column]) => generated === lineNumber && column <= columnNumber);
  const last = onLine.at(-1);
  return last === undefined ? undefined : { source: map.sources[last[2]] ?? '', line: last[3] + 1 };
}
