/**
 * The console-style formatter of `logger` (spec §16, WHATWG Console "Formatter"): %s %d %i %f %o
 * %O %%; arguments without a specifier are appended separated by spaces.
 */
const SPECIFIER = /%[sdifoO%]/g;

function asJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // A worker value JSON cannot write (a cycle, a BigInt, a throwing toJSON) is logged as text.
    return String(value);
  }
}

/** How an argument prints when no specifier consumed it. */
function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return asJson(value);
  return String(value);
}

function convert(specifier: string, value: unknown): string {
  switch (specifier) {
    case '%s':
      return String(value);
    case '%d':
    case '%i':
      return typeof value === 'symbol' ? 'NaN' : String(Number.parseInt(String(value), 10));
    case '%f':
      return typeof value === 'symbol' ? 'NaN' : String(Number.parseFloat(String(value)));
    default:
      return asJson(value);
  }
}

export function formatMessage(args: readonly unknown[]): string {
  if (args.length === 0) return '';
  const [first, ...rest] = args;
  if (typeof first !== 'string') return args.map(show).join(' ');
  let next = 0;
  const head = first.replace(SPECIFIER, (specifier) => {
    if (specifier === '%%') return '%';
    if (next >= rest.length) return specifier;
    return convert(specifier, rest[next++]);
  });
  return [head, ...rest.slice(next).map(show)].join(' ');
}
