/**
 * The free identifier a compiled bundle reads its built-in modules through (compile.ts wraps the
 * bundle in a function of it; the sandbox passes the kernel's accessor). Its own module, so the
 * sandbox (and an edge thread) can name it without loading the compiler and esbuild.
 */
export const BUILTIN_ACCESSOR = '__weft_builtin__';
