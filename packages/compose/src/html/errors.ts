/**
 * Errors of HTML assembly and injection. The compose package runs inside the worker, so it cannot
 * import the platform's host-side `WeftError`; these follow the same shape (a stable `code`).
 */
export class HtmlComposeError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/** A template that cannot be assembled: an unclosed slot, an unsupported ESI tag, a bad expression. */
export class HtmlTemplateError extends HtmlComposeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WEFT_TEMPLATE', message, options);
  }
}

/** An assembly or injection declared with invalid options (names the option, value and rule). */
export class HtmlOptionError extends HtmlComposeError {
  constructor(message: string) {
    super('WEFT_HTML_OPTION', message);
  }
}

/** A fragment that could not be used: error status, timeout, network failure, body error. */
export class FragmentError extends HtmlComposeError {
  readonly fragment: string;
  constructor(fragment: string, message: string, options?: { cause?: unknown }) {
    super('WEFT_FRAGMENT', `fragment "${fragment}": ${message}`, options);
    this.fragment = fragment;
  }
}
