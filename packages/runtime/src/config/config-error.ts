import { WeftError } from '@weft/platform';

/** Invalid runtime options (config file, CLI flags): the message names the key path, the value and the rule. */
export class ConfigError extends WeftError {
  readonly path: string;
  constructor(path: string, message: string) {
    super('WEFT_CONFIG_INVALID', message, { kind: 'user' });
    this.path = path;
  }
}
