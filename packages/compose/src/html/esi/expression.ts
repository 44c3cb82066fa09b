/**
 * ESI test expressions (`<esi:when test="…">`) and variable substitution. Expressions are parsed
 * once into a small tree (no code generation: the worker has no `eval`) and evaluated per request.
 *
 * Grammar: or := and ('|' and)* ; and := not ('&' not)* ; not := '!' not | cmp ;
 * cmp := operand (('=='|'!='|'<='|'>='|'<'|'>') operand)? ; operand := '(' or ')' | 'string' | number | $(VAR{key}|default)
 */
import { HtmlTemplateError } from '../errors.ts';
import { isKnownVariable, lookupVariable, ESI_VARIABLES, type EsiRequest, type VariableRef } from './variables.ts';

type Operator = '==' | '!=' | '<=' | '>=' | '<' | '>';
type Node =
  | { kind: 'literal'; value: string }
  | { kind: 'variable'; ref: VariableRef }
  | { kind: 'not'; operand: Node }
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'compare'; op: Operator; left: Node; right: Node };

export interface Expression {
  readonly source: string;
  evaluate(request: EsiRequest): boolean;
}

const VARIABLE = /^\$\(([A-Z_][A-Z0-9_]*)(?:\{'?([^}']*)'?\})?(?:\|(?:'([^']*)'|([^)]*)))?\)/;

function parseVariable(text: string, at: number, expression: string): { ref: VariableRef; length: number } {
  const m = VARIABLE.exec(text.slice(at));
  if (m === null) throw new HtmlTemplateError(`ESI expression ${JSON.stringify(expression)}: malformed variable at character ${at}; expected $(NAME), $(NAME{key}) or $(NAME{key}|'default')`);
  const name = m[1] ?? '';
  if (!isKnownVariable(name)) {
    throw new HtmlTemplateError(`ESI expression ${JSON.stringify(expression)}: unknown variable ${name} (known: ${ESI_VARIABLES.join(', ')})`);
  }
  return { ref: { name, key: m[2], fallback: m[3] ?? m[4] }, length: m[0].length };
}

class Parser {
  private pos = 0;
  constructor(private readonly source: string) {}

  parse(): Node {
    const node = this.or();
    this.space();
    if (this.pos < this.source.length) this.fail(`unexpected ${JSON.stringify(this.source.slice(this.pos, this.pos + 10))}`);
    return node;
  }

  private fail(message: string): never {
    throw new HtmlTemplateError(`ESI expression ${JSON.stringify(this.source)}: ${message} at character ${this.pos}`);
  }

  private space(): void {
    while (this.pos < this.source.length && /\s/.test(this.source[this.pos] ?? '')) this.pos++;
  }

  private eat(token: string): boolean {
    this.space();
    if (!this.source.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  private or(): Node {
    let left = this.and();
    while (this.eat('|')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.eat('&')) left = { kind: 'and', left, right: this.not() };
    return left;
  }

  private not(): Node {
    this.space();
    if (this.source[this.pos] === '!' && this.source[this.pos + 1] !== '=') {
      this.pos++;
      return { kind: 'not', operand: this.not() };
    }
    const left = this.operand();
    for (const op of ['==', '!=', '<=', '>=', '<', '>'] as const) {
      if (this.eat(op)) return { kind: 'compare', op, left, right: this.operand() };
    }
    return left;
  }

  private operand(): Node {
    this.space();
    const ch = this.source[this.pos];
    if (ch === '(') {
      this.pos++;
      const inner = this.or();
      if (!this.eat(')')) this.fail('missing ")"');
      return inner;
    }
    if (ch === "'") {
      const end = this.source.indexOf("'", this.pos + 1);
      if (end === -1) this.fail('unterminated string');
      const value = this.source.slice(this.pos + 1, end);
      this.pos = end + 1;
      return { kind: 'literal', value };
    }
    if (ch === '$') {
      const { ref, length } = parseVariable(this.source, this.pos, this.source);
      this.pos += length;
      return { kind: 'variable', ref };
    }
    const number = /^-?\d+(\.\d+)?/.exec(this.source.slice(this.pos));
    if (number !== null) {
      this.pos += number[0].length;
      return { kind: 'literal', value: number[0] };
    }
    return this.fail(ch === undefined ? 'expression ends too early' : `unexpected ${JSON.stringify(ch)}`);
  }
}

function valueOf(node: Node, request: EsiRequest): string | undefined {
  if (node.kind === 'literal') return node.value;
  if (node.kind === 'variable') return lookupVariable(request, node.ref) ?? node.ref.fallback;
  return String(truth(node, request));
}

function compare(op: Operator, a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return op === '!=' ? a !== b : op === '==' && a === b;
  const numeric = a.trim() !== '' && b.trim() !== '' && !Number.isNaN(Number(a)) && !Number.isNaN(Number(b));
  const x: string | number = numeric ? Number(a) : a;
  const y: string | number = numeric ? Number(b) : b;
  switch (op) {
    case '==': return x === y;
    case '!=': return x !== y;
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
  }
}

function truth(node: Node, request: EsiRequest): boolean {
  switch (node.kind) {
    case 'not': return !truth(node.operand, request);
    case 'and': return truth(node.left, request) && truth(node.right, request);
    case 'or': return truth(node.left, request) || truth(node.right, request);
    case 'compare': return compare(node.op, valueOf(node.left, request), valueOf(node.right, request));
    default: {
      // A lone operand is true when it has a value other than "" and "false".
      const value = valueOf(node, request);
      return value !== undefined && value !== '' && value !== 'false';
    }
  }
}

export function parseExpression(source: string): Expression {
  const tree = new Parser(source).parse();
  return { source, evaluate: (request) => truth(tree, request) };
}

/** Replaces every `$(…)` in `text` with its value passed through `encode` (absent values: ""). */
export function substituteVariables(text: string, request: EsiRequest, encode: (value: string) => string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf('$(', from); at !== -1; at = text.indexOf('$(', from)) {
    const { ref, length } = parseVariable(text, at, text);
    out += text.slice(from, at) + encode(lookupVariable(request, ref) ?? ref.fallback ?? '');
    from = at + length;
  }
  return out + text.slice(from);
}
