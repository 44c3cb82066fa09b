/**
 * What worker code sees of a stack (issue 12, group 4): only its own frames, in the positions of
 * its bundle files (`main.js:4:14`), as at the edge, where the platform's and the host's frames are
 * not the worker's to see. The realm's `Error.prepareStackTrace` is an accessor installed before any
 * worker code runs: V8 (through Node's hook) always finds this realm's formatter, which keeps the
 * worker frames, asks the host to map each to its bundle position, and hands a hook the worker set
 * only those frames, as plain objects of this realm (no receiver, no function of another frame).
 * The whole stack, host frames included, is kept for the trace (`hostStackOf`).
 *
 * Known difference: reading `Error.prepareStackTrace` gives a function even when the worker set
 * none (the formatter itself); setting it back to that value clears the worker's hook.
 */
import { host } from './host-link.ts';
import { ObjectDefineProperty, ObjectFreeze, ReflectApply, StringCtor, StringIndexOf, StringSlice } from './primordials.ts';

/** The CallSite methods the formatter reads, captured from a real CallSite at install. */
interface SiteMethods {
  getFileName: (this: unknown) => unknown;
  getLineNumber: (this: unknown) => unknown;
  getColumnNumber: (this: unknown) => unknown;
  getFunctionName: (this: unknown) => unknown;
  getMethodName: (this: unknown) => unknown;
  getTypeName: (this: unknown) => unknown;
  isNative: (this: unknown) => unknown;
  isToplevel: (this: unknown) => unknown;
  isEval: (this: unknown) => unknown;
  isConstructor: (this: unknown) => unknown;
  isAsync: (this: unknown) => unknown;
  isPromiseAll: (this: unknown) => unknown;
  getPromiseIndex: (this: unknown) => unknown;
  getEvalOrigin: (this: unknown) => unknown;
  toString: (this: unknown) => unknown;
}

const SITE_METHODS: ReadonlyArray<keyof SiteMethods> = [
  'getFileName', 'getLineNumber', 'getColumnNumber', 'getFunctionName', 'getMethodName', 'getTypeName', 'isNative', 'isToplevel',
  'isEval', 'isConstructor', 'isAsync', 'isPromiseAll', 'getPromiseIndex', 'getEvalOrigin', 'toString',
];

/** A frame and its position in the bundle ('' for a built-in frame, which has none; FOREIGN for one the worker may not see). */
interface Kept {
  site: unknown;
  position: string;
}

const FOREIGN = '-';
const SafeWeakMap = WeakMap;
const ArrayIsArray = Array.isArray;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const captureStackTrace = Error.captureStackTrace;
const WeakMapGet = WeakMap.prototype.get;
const WeakMapSet = WeakMap.prototype.set;
const ErrorToString = Error.prototype.toString;

/** Adds `value` at the end of `list` as an own property (an index setter on the realm's Array.prototype never sees it). */
function append<T>(list: T[], value: T): void {
  ObjectDefineProperty(list, list.length, { __proto__: null, value, writable: true, enumerable: true, configurable: true } as PropertyDescriptor);
}

/** The host's bundle position for a frame of the worker's script, '' when it is none of the worker's own. */
function bundlePosition(file: string, line: number, column: number): string {
  try {
    return host().stackPosition(file, line, column);
  } catch {
    return '';
  }
}

function call(method: (this: unknown) => unknown, site: unknown): unknown {
  try {
    return ReflectApply(method, site, []);
  } catch {
    return undefined;
  }
}

function header(error: unknown): string {
  try {
    return StringCtor(ReflectApply(ErrorToString, error, []));
  } catch {
    return 'Error';
  }
}

/** `text` with the first `search` replaced, by index (no RegExp, no Symbol.replace of the realm). */
function replaceOnce(text: string, search: string, replacement: string): string {
  const at = StringIndexOf(text, search, 0);
  return at === -1 ? text : StringSlice(text, 0, at) + replacement + StringSlice(text, at + search.length, text.length);
}

let installed: ((error: object) => string | undefined) | undefined;

/** The full stack text of an error this realm formatted, host frames included (the trace's copy). */
export function hostStackOf(error: unknown): string | undefined {
  if (installed === undefined || ((typeof error !== 'object' || error === null) && typeof error !== 'function')) return undefined;
  return installed(error);
}

/**
 * Installs the formatter on this realm's `Error`. `scriptName` is the file name the worker's
 * compiled bundle runs under; only its frames (and built-in frames above the worker's deepest one)
 * stay, and the host maps them to bundle positions (raw-host.ts `stackPosition`).
 */
export function installStackView(scriptName: string): void {
  const methods = captureSiteMethods();
  const hostStacks = new SafeWeakMap<object, string>();
  let workerHook: unknown;

  /** Every frame with its position: mapped for the worker's, '' for a built-in, FOREIGN for the platform's and the host's. */
  function locate(sites: unknown[]): { frames: Kept[]; deepestWorker: number } {
    const frames: Kept[] = [];
    let deepestWorker = -1;
    for (let i = 0; i < sites.length; i++) {
      const site = sites[i];
      const file = call(methods.getFileName, site);
      let position = '';
      if (file === scriptName) {
        position = bundlePosition(scriptName, Number(call(methods.getLineNumber, site)) || 0, Number(call(methods.getColumnNumber, site)) || 0);
        if (position === '') position = FOREIGN;
        else deepestWorker = i;
      } else if (typeof file === 'string' && file !== '') {
        position = FOREIGN;
      }
      append(frames, { site, position });
    }
    return { frames, deepestWorker };
  }

  /** The worker's frames and the built-in frames between them; nothing below its deepest frame (the platform's entry and the host). */
  function keep(located: { frames: Kept[]; deepestWorker: number }): Kept[] {
    const out: Kept[] = [];
    for (let i = 0; i <= located.deepestWorker; i++) {
      const frame = located.frames[i] as Kept;
      if (frame.position !== FOREIGN) append(out, frame);
    }
    return out;
  }

  function frameText(kept: Kept): string {
    const text = StringCtor(call(methods.toString, kept.site));
    if (kept.position === '' || kept.position === FOREIGN) return text;
    const file = scriptName;
    const line = StringCtor(call(methods.getLineNumber, kept.site));
    const column = StringCtor(call(methods.getColumnNumber, kept.site));
    return replaceOnce(text, `${file}:${line}:${column}`, kept.position);
  }

  /** A CallSite-shaped object of this realm for a hook the worker set: bundle positions, no receiver or function. */
  function workerSite(kept: Kept): object {
    const { site, position } = kept;
    const colon = StringIndexOf(position, ':', 0);
    const second = colon === -1 ? -1 : StringIndexOf(position, ':', colon + 1);
    const file = position === '' ? undefined : StringSlice(position, 0, colon);
    const line = second === -1 ? null : Number(StringSlice(position, colon + 1, second));
    const column = second === -1 ? null : Number(StringSlice(position, second + 1, position.length));
    const text = frameText(kept);
    const view: Record<string, () => unknown> = {
      getThis: () => undefined,
      getFunction: () => undefined,
      getFileName: () => file,
      getScriptNameOrSourceURL: () => file,
      getLineNumber: () => (position === '' ? call(methods.getLineNumber, site) : line),
      getColumnNumber: () => (position === '' ? call(methods.getColumnNumber, site) : column),
      getFunctionName: () => call(methods.getFunctionName, site),
      getMethodName: () => call(methods.getMethodName, site),
      getTypeName: () => call(methods.getTypeName, site),
      isNative: () => call(methods.isNative, site),
      isToplevel: () => call(methods.isToplevel, site),
      isEval: () => call(methods.isEval, site),
      isConstructor: () => call(methods.isConstructor, site),
      isAsync: () => call(methods.isAsync, site),
      isPromiseAll: () => call(methods.isPromiseAll, site),
      getPromiseIndex: () => call(methods.getPromiseIndex, site),
      getEvalOrigin: () => call(methods.getEvalOrigin, site),
      toString: () => text,
    };
    return ObjectFreeze(view);
  }

  function prepareStackTrace(error: unknown, sites: unknown): unknown {
    const located = locate(ArrayIsArray(sites) ? sites : []);
    const kept = keep(located);
    const head = header(error);
    if ((typeof error === 'object' && error !== null) || typeof error === 'function') {
      let full = head;
      for (let i = 0; i < located.frames.length; i++) full += `\n    at ${frameText(located.frames[i] as Kept)}`;
      ReflectApply(WeakMapSet, hostStacks, [error, full]);
    }
    if (typeof workerHook === 'function') {
      const views: object[] = [];
      for (let i = 0; i < kept.length; i++) append(views, workerSite(kept[i] as Kept));
      return ReflectApply(workerHook, undefined, [error, views]);
    }
    let text = head;
    for (let i = 0; i < kept.length; i++) text += `\n    at ${frameText(kept[i] as Kept)}`;
    return text;
  }

  ObjectDefineProperty(Error, 'prepareStackTrace', {
    __proto__: null,
    get: () => prepareStackTrace,
    set: (value: unknown) => {
      workerHook = value === prepareStackTrace ? undefined : value;
    },
    enumerable: false,
    // Not configurable: a worker that could redefine it would get the host's frames from V8.
    configurable: false,
  } as PropertyDescriptor);

  installed = (error) => ReflectApply(WeakMapGet, hostStacks, [error]) as string | undefined;
}

/** The CallSite prototype's methods, from a site V8 makes here before any worker code runs. */
function captureSiteMethods(): SiteMethods {
  const descriptor = { __proto__: null, value: (_: unknown, sites: unknown) => sites, writable: true, configurable: true } as PropertyDescriptor;
  ObjectDefineProperty(Error, 'prepareStackTrace', descriptor);
  const probe: { stack?: unknown } = {};
  ReflectApply(captureStackTrace, Error, [probe]);
  const sites = probe.stack;
  delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  const site: unknown = ArrayIsArray(sites) ? sites[0] : undefined;
  if (typeof site !== 'object' || site === null) throw new TypeError('the platform could not read a stack frame of this realm');
  const prototype = ObjectGetPrototypeOf(site) as Record<string, unknown>;
  const methods: Partial<SiteMethods> = {};
  for (const name of SITE_METHODS) {
    const method = prototype[name];
    methods[name] = typeof method === 'function' ? (method as (this: unknown) => unknown) : () => undefined;
  }
  return methods as SiteMethods;
}
