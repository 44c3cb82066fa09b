/**
 * What HAR 1.2 requires of an archive (http://www.softwareishard.com/blog/har-12-spec/), checked
 * field by field: each required field present with its type, timings that add up to `time`, and
 * any field the spec does not name spelled with the leading underscore it asks custom fields for.
 * Returns the problems found, each naming where; none for a valid archive.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const KNOWN: Record<string, readonly string[]> = {
  log: ['version', 'creator', 'browser', 'pages', 'entries', 'comment'],
  entry: ['pageref', 'startedDateTime', 'time', 'request', 'response', 'cache', 'timings', 'serverIPAddress', 'connection', 'comment'],
  request: ['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'postData', 'headersSize', 'bodySize', 'comment'],
  response: ['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize', 'comment'],
  timings: ['blocked', 'dns', 'connect', 'send', 'wait', 'receive', 'ssl', 'comment'],
};

class Checker {
  readonly problems: string[] = [];

  field(where: string, object: Json, name: string, type: 'string' | 'number' | 'object' | 'array'): unknown {
    const value = object[name];
    const ok = type === 'array' ? Array.isArray(value) : type === 'object' ? isObject(value) : typeof value === type && (type !== 'number' || Number.isFinite(value));
    if (!ok) this.problems.push(`${where}.${name}: expected ${type}, got ${JSON.stringify(value)}`);
    return value;
  }

  custom(where: string, object: Json, kind: keyof typeof KNOWN): void {
    for (const key of Object.keys(object)) if (!KNOWN[kind]?.includes(key) && !key.startsWith('_')) this.problems.push(`${where}.${key}: not a HAR 1.2 field, and custom fields must start with _`);
  }

  nameValues(where: string, list: unknown): void {
    if (!Array.isArray(list)) return;
    list.forEach((item, i) => {
      if (!isObject(item)) return void this.problems.push(`${where}[${i}]: expected an object`);
      this.field(`${where}[${i}]`, item, 'name', 'string');
      this.field(`${where}[${i}]`, item, 'value', 'string');
    });
  }

  message(where: string, message: Json, kind: 'request' | 'response'): void {
    this.custom(where, message, kind);
    if (kind === 'request') {
      this.field(where, message, 'method', 'string');
      const url = this.field(where, message, 'url', 'string');
      if (typeof url === 'string' && !URL.canParse(url)) this.problems.push(`${where}.url: not an absolute URL: ${url}`);
      this.nameValues(`${where}.queryString`, this.field(where, message, 'queryString', 'array'));
    } else {
      this.field(where, message, 'status', 'number');
      this.field(where, message, 'statusText', 'string');
      this.field(where, message, 'redirectURL', 'string');
      const content = this.field(where, message, 'content', 'object');
      if (isObject(content)) {
        this.field(`${where}.content`, content, 'size', 'number');
        this.field(`${where}.content`, content, 'mimeType', 'string');
      }
    }
    this.field(where, message, 'httpVersion', 'string');
    this.nameValues(`${where}.cookies`, this.field(where, message, 'cookies', 'array'));
    this.nameValues(`${where}.headers`, this.field(where, message, 'headers', 'array'));
    this.field(where, message, 'headersSize', 'number');
    this.field(where, message, 'bodySize', 'number');
  }

  entry(where: string, entry: Json): void {
    this.custom(where, entry, 'entry');
    const started = this.field(where, entry, 'startedDateTime', 'string');
    if (typeof started === 'string' && (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(started) || Number.isNaN(Date.parse(started)))) this.problems.push(`${where}.startedDateTime: not ISO 8601: ${started}`);
    const time = this.field(where, entry, 'time', 'number');
    for (const kind of ['request', 'response'] as const) {
      const message = this.field(where, entry, kind, 'object');
      if (isObject(message)) this.message(`${where}.${kind}`, message, kind);
    }
    this.field(where, entry, 'cache', 'object');
    const timings = this.field(where, entry, 'timings', 'object');
    if (!isObject(timings)) return;
    this.custom(`${where}.timings`, timings, 'timings');
    for (const name of ['send', 'wait', 'receive']) this.field(`${where}.timings`, timings, name, 'number');
    let sum = 0;
    for (const name of ['blocked', 'dns', 'connect', 'send', 'wait', 'receive']) {
      const value = timings[name];
      if (value === undefined) continue;
      if (typeof value !== 'number' || value < -1) this.problems.push(`${where}.timings.${name}: expected a number >= -1, got ${JSON.stringify(value)}`);
      else if (value !== -1) sum += value;
    }
    if (typeof time === 'number' && Math.abs(sum - time) > 0.01) this.problems.push(`${where}.time: ${time}, but its timings add up to ${sum}`);
  }
}

export function harProblems(har: unknown): string[] {
  const check = new Checker();
  if (!isObject(har) || !isObject(har.log)) return ['log: missing'];
  const log = har.log;
  check.custom('log', log, 'log');
  check.field('log', log, 'version', 'string');
  const creator = check.field('log', log, 'creator', 'object');
  if (isObject(creator)) {
    check.field('log.creator', creator, 'name', 'string');
    check.field('log.creator', creator, 'version', 'string');
  }
  const entries = check.field('log', log, 'entries', 'array');
  if (Array.isArray(entries)) {
    entries.forEach((entry, i) => (isObject(entry) ? check.entry(`log.entries[${i}]`, entry) : check.problems.push(`log.entries[${i}]: expected an object`)));
    const starts = entries.map((entry) => (isObject(entry) ? Date.parse(String(entry.startedDateTime)) : Number.NaN));
    if (starts.some((start, i) => i > 0 && start < (starts[i - 1] ?? 0))) check.problems.push('log.entries: not sorted by startedDateTime');
  }
  return check.problems;
}
