/** A parsed selector (spec §13 "Selectors"): a list of complex selectors, each a chain of compounds. */
export type AttrOperator = 'exists' | '=' | '~=' | '|=' | '^=' | '$=' | '*=';

export interface AttrTest {
  /** Lower-case attribute name. */
  name: string;
  op: AttrOperator;
  value: string;
  /** `[a=b i]`: compare ASCII case-insensitively. */
  caseInsensitive: boolean;
}

export interface Compound {
  /** Lower-case tag name, or null for `*` or no type selector. */
  tag: string | null;
  ids: string[];
  classes: string[];
  attrs: AttrTest[];
  /** `:not(a, b)`: the element must match none of these compounds. */
  nots: Compound[];
}

export type Combinator = 'descendant' | 'child';

export interface Complex {
  /** Left to right; the last compound is the subject. */
  compounds: Compound[];
  /** combinators[i] joins compounds[i] and compounds[i + 1]. */
  combinators: Combinator[];
}

export interface SelectorList {
  source: string;
  alternatives: Complex[];
}

/** Whether matching this compound needs the element's attributes (not just its name). */
export function needsAttributes(c: Compound): boolean {
  return c.ids.length > 0 || c.classes.length > 0 || c.attrs.length > 0 || c.nots.some(needsAttributes);
}
