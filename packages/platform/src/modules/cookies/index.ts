/** Built-in module `cookies` (spec §14). */
export { Cookies } from './cookies.ts';
export { SetCookie } from './set-cookie.ts';
