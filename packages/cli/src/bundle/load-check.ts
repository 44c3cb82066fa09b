/**
 * Static validation's last step (spec §23.1): load main.js in the runtime's sandbox and run its
 * top-level code. Wired to @weft/runtime's loader once it exports one; until then validation
 * stops after compiling and resolving every import.
 */
import type { LoadCheck } from './validate.ts';

export const staticLoadCheck: LoadCheck | undefined = undefined;
