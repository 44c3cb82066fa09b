import { WeftError } from '@weft/platform';

/**
 * Invalid configuration, of the runtime (options from a config file or CLI flags) or of an app
 * (`weft.config.ts`): the message names where (a key path or a file), the value and the rule.
 */
export class ConfigError extends WeftError {
  /** The key path (`cache.maxEntries`) or the config file the problem is in. */
  readonly where: string;
  constructor(where: string, message: string, options?: { cause?: unknown }) {
    super('WEFT_CONFIG_INVALID', message, { kind: 'user', cause: options?.cause });
    this.where = where;
  }
}
