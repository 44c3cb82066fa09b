/**
 * Errors of the HTML engine. The engine is pure (no platform import), so it carries its own small
 * base class with the same shape as the platform's WeftError: a stable `code` and a `kind`.
 * Where the platform mandates a built-in type (an invalid attribute name is a TypeError, spec §13),
 * the engine throws that type instead.
 */
export class HtmlError extends Error {
  readonly code: string;
  readonly kind: 'user' | 'system';
  constructor(code: string, message: string, kind: 'user' | 'system' = 'user') {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.kind = kind;
  }
}

/** A selector given to `onElement` uses syntax the engine does not support (spec §13 "Selectors"). */
export class SelectorError extends HtmlError {
  readonly selector: string;
  readonly part: string;
  constructor(selector: string, part: string, rule: string) {
    super(
      'WEFT_HTML_SELECTOR',
      `onElement(selector): cannot parse ${JSON.stringify(part)} in selector ${JSON.stringify(selector)}: ${rule}. ` +
        'Supported: type, *, .class, #id, [attr], [attr=value] (also ~= |= ^= $= *=), descendant and child (>) combinators, :not(...), and comma lists.',
    );
    this.selector = selector;
    this.part = part;
  }
}

/** An Element was used after its handler returned (spec §13: it must not be kept). */
export class StaleElementError extends HtmlError {
  constructor(method: string, tag: string) {
    super(
      'WEFT_HTML_STALE_ELEMENT',
      `Element.${method}() was called on <${tag}> after its onElement handler returned; ` +
        'an Element is only valid during the handler call (spec §13). Make every change inside the handler.',
    );
  }
}

/** A rewriter was written to after `end()`, or ended twice. */
export class RewriterStateError extends HtmlError {
  constructor(message: string) {
    super('WEFT_HTML_REWRITER_STATE', message);
  }
}
