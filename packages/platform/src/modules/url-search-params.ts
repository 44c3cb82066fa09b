/**
 * Built-in module `url-search-params` (spec §15): the WHATWG URLSearchParams class as the module's
 * default export. Node's implementation follows the URL standard (leading `?` stripped, `+` is a space).
 */
import { URLSearchParams } from 'node:url';

export default URLSearchParams;
