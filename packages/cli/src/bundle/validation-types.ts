/**
 * The platform's validation types (spec §23.3) with the management UI's codes, as data: the
 * validator reports failures by these names so a local failure reads like the platform's.
 */
export const VALIDATION_TYPES = {
  EMPTY_TARBALL: { code: undefined, meaning: 'the bundle is empty' },
  INVALID_GZIP_FORMAT: { code: 'EW1103', meaning: 'the bundle is not valid gzip' },
  INVALID_TAR_ARCHIVE: { code: 'EW1105', meaning: 'the bundle is not a valid tar archive' },
  MAX_COMPRESSED_SIZE_EXCEEDED: { code: 'EW1101', meaning: 'the .tgz is over 512 KB' },
  MAX_UNCOMPRESSED_SIZE_EXCEEDED: { code: 'EW1104', meaning: 'the files are over 1 MB uncompressed' },
  MISSING_MANDATORY_FILES: { code: 'EW1106', meaning: 'main.js or bundle.json is missing at the archive root' },
  INVALID_MANIFEST: { code: 'EW1107', meaning: 'bundle.json is not valid' },
  INVALID_FILE_PERMISSION: { code: undefined, meaning: 'a file is executable' },
  STATIC_VALIDATION_FAILED: { code: 'EW1201', meaning: 'main.js or an import does not compile or load' },
  EDGEKV_FILE_MISSING: { code: undefined, meaning: 'edgekv.js is imported but not in the bundle' },
  EDGEKV_TOKENS_FILE_MISSING: { code: undefined, meaning: 'edgekv_tokens.js is imported but not in the bundle' },
  INVALID_EDGEKV_IMPORTS: { code: undefined, meaning: 'the EdgeKV helper is imported in a way the platform rejects' },
} as const;

export type ValidationType = keyof typeof VALIDATION_TYPES;

export interface ValidationIssue {
  type: ValidationType;
  message: string;
  /** Bundle file the issue is about, when there is one. */
  file?: string;
}

export interface ValidationWarning {
  message: string;
  file?: string;
}
