/**
 * ESI variables (ESI 1.0 §4 plus Akamai's GEO and HTTP_HEADER) read from the EdgeWorkers request
 * object, so `<esi:when test="$(GEO{country_code}) == 'FR'">` sees what the worker sees.
 */
export interface EsiRequest {
  readonly host?: string;
  readonly query?: string;
  getHeader(name: string): readonly string[] | null | undefined;
  getVariable?(name: string): string | undefined;
  /** spec §6; read by field name for `$(GEO{…})`. */
  readonly userLocation?: object | null;
}

/** A variable reference: `$(NAME)`, `$(NAME{key})`, either with `|default`. */
export interface VariableRef {
  name: string;
  key: string | undefined;
  fallback: string | undefined;
}

const GEO_FIELDS: Readonly<Record<string, string>> = {
  country_code: 'country', region_code: 'region', city: 'city', continent_code: 'continent',
  zip: 'zipCode', dma: 'dma', timezone: 'timezone', lat: 'latitude', long: 'longitude',
  network_type: 'networkType', bandwidth: 'bandwidth',
};

function header(request: EsiRequest, name: string): string | undefined {
  const values = request.getHeader(name);
  return values === null || values === undefined || values.length === 0 ? undefined : values.join(', ');
}

function cookie(request: EsiRequest, name: string): string | undefined {
  const all = header(request, 'cookie');
  if (all === undefined) return undefined;
  for (const pair of all.split(/;\s*/)) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

function queryParam(query: string, name: string): string | undefined {
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (safeDecode(key) === name) return eq === -1 ? '' : safeDecode(pair.slice(eq + 1));
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch (error) {
    // A stray % in user input is kept as written, as browsers do; only URIError means that.
    if (error instanceof URIError) return value;
    throw error;
  }
}

function userAgent(ua: string | undefined, key: string): string | undefined {
  if (ua === undefined) return undefined;
  if (key === 'browser') return /MSIE|Trident/.test(ua) ? 'MSIE' : /Mozilla/.test(ua) ? 'MOZILLA' : 'OTHER';
  if (key === 'os') return /Windows/.test(ua) ? 'WIN' : /Mac OS|Macintosh/.test(ua) ? 'MAC' : /Linux|X11|BSD/.test(ua) ? 'UNIX' : 'OTHER';
  if (key === 'version') return /(?:MSIE |rv:|Version\/|Chrome\/|Firefox\/)([\d.]+)/.exec(ua)?.[1];
  return undefined;
}

/** The value of a variable for this request, `undefined` when absent (then `|default` applies). */
export function lookupVariable(request: EsiRequest, ref: VariableRef): string | undefined {
  const { name, key } = ref;
  switch (name) {
    case 'HTTP_ACCEPT_LANGUAGE': {
      const value = header(request, 'accept-language');
      if (key === undefined) return value;
      const wanted = key.toLowerCase();
      const listed = (value ?? '').split(',').map((l) => l.split(';')[0]?.trim().toLowerCase() ?? '');
      return String(listed.some((l) => l === wanted || l.startsWith(`${wanted}-`)));
    }
    case 'HTTP_COOKIE':
      return key === undefined ? header(request, 'cookie') : cookie(request, key);
    case 'HTTP_HOST':
      return request.host ?? header(request, 'host');
    case 'HTTP_REFERER':
      return header(request, 'referer');
    case 'HTTP_USER_AGENT':
      return key === undefined ? header(request, 'user-agent') : userAgent(header(request, 'user-agent'), key);
    case 'QUERY_STRING':
      return key === undefined ? request.query : queryParam(request.query ?? '', key);
    case 'HTTP_HEADER':
      return key === undefined ? undefined : header(request, key);
    case 'GEO': {
      const field = key === undefined ? undefined : GEO_FIELDS[key];
      const location = (request.userLocation ?? {}) as Readonly<Record<string, unknown>>;
      const value = field === undefined ? undefined : location[field];
      return typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : undefined;
    }
    default:
      return name.startsWith('PMUSER_') ? request.getVariable?.(name) : undefined;
  }
}

/** Known variable names, for error messages. */
export const ESI_VARIABLES = [
  'HTTP_ACCEPT_LANGUAGE', 'HTTP_COOKIE', 'HTTP_HOST', 'HTTP_REFERER', 'HTTP_USER_AGENT',
  'QUERY_STRING', 'HTTP_HEADER', 'GEO', 'PMUSER_*',
] as const;

export function isKnownVariable(name: string): boolean {
  return name.startsWith('PMUSER_') || (ESI_VARIABLES as readonly string[]).includes(name);
}
