/**
 * Errors of HTML assembly and injection, on the compose package's `ComposeError` (a stable `code`,
 * and whether the author or a source is at fault).
 */
import { ComposeError, type ComposeErrorKind } from '../core/errors.ts';

export class HtmlComposeError extends ComposeError {
  constructor(code: string, message: string, options?: { cause?: unknown; kind?: ComposeErrorKind }) {
    super(code, message, options);
  }
}

/** A template that cannot be assembled: an unclosed slot, an unsupported ESI tag, a bad expression. */
export class HtmlTemplateError extends HtmlComposeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WEFT_COMPOSE_HTML_TEMPLATE', message, options);
  }
}

/** An assembly or injection declared with invalid options (names the option, value and rule). */
export class HtmlOptionError extends HtmlComposeError {
  constructor(message: string) {
    super('WEFT_COMPOSE_HTML_OPTION', message);
  }
}

/** A fragment that could not be used: error status, timeout, network failure, body error. */
export class FragmentError extends HtmlComposeError {
  readonly fragment: string;
  constructor(fragment: string, message: string, options?: { cause?: unknown }) {
    super('WEFT_COMPOSE_HTML_FRAGMENT', `fragment "${fragment}": ${message}`, { ...options, kind: 'system' });
    this.fragment = fragment;
  }
}
