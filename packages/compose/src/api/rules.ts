/**
 * Rules: an ordered list of conditions that choose what answers a request (a composition, a fixed
 * response, or a function of the context), with a default. The first rule whose `when` holds wins.
 *
 *   export const responseProvider = rules([
 *     { name: 'beta', when: cookie('beta', '1'), use: betaApi },
 *     { name: 'embargo', when: country('KP'), use: { status: 451, json: { error: 'unavailable' } } },
 *   ], { default: mainApi }).responseProvider;
 */
import { captureContext, type EdgeRequest, type RequestContext } from '../core/context.ts';
import { DefinitionError, describe } from '../core/errors.ts';
import { reportError } from '../core/report.ts';
import { ruleProblem } from './problem.ts';
import { DEFAULT_COMPLETED_HEADER, problemResponse, specResponse, type ResponseSpec } from './respond.ts';

/** Anything that can answer a request: a composition (or another set of rules). */
export interface Answerer {
  handle(request: EdgeRequest): Promise<object>;
}

export type RuleTarget = Answerer | ResponseSpec | ((ctx: RequestContext<string>) => Answerer | ResponseSpec);

export interface Rule {
  /** Shown in errors and in `choose()`. */
  name?: string;
  /** A context condition (`country`, `device.desktop`, `cookie`, `path`, `all(...)`, or your own). */
  when: (ctx: RequestContext<string>, data: undefined) => boolean;
  use: RuleTarget;
}

export interface Choice {
  /** The rule's name (or its index), or "default". */
  rule: string;
  target: Answerer | ResponseSpec;
}

export interface RulesOptions {
  /** What answers when no rule's condition holds. */
  default: RuleTarget;
  /** Debug option: a problem document carries the exception's message (see CompositionOptions). */
  exposeErrors?: boolean;
}

export class Rules implements Answerer {
  readonly #rules: ReadonlyArray<Required<Rule>>;
  readonly #fallback: RuleTarget;
  readonly #exposeErrors: boolean;

  constructor(list: readonly Rule[], options: RulesOptions) {
    if (!Array.isArray(list)) throw new DefinitionError(`rules: expected an array of { when, use }, got ${describe(list)}`);
    this.#rules = list.map((rule, index) => {
      const name = rule?.name ?? `#${index}`;
      if (rule === null || typeof rule !== 'object') throw new DefinitionError(`rules[${index}]: expected { when, use }, got ${describe(rule)}`);
      if (typeof rule.when !== 'function') throw new DefinitionError(`rules[${index}] (${name}).when: expected a function (ctx) => boolean, got ${describe(rule.when)}`);
      checkTarget(rule.use, `rules[${index}] (${name}).use`);
      return { name, when: rule.when, use: rule.use };
    });
    if (options === null || typeof options !== 'object' || !('default' in options)) {
      throw new DefinitionError('rules: the second argument must be { default: composition | response }, so every request gets an answer');
    }
    checkTarget(options.default, 'rules default');
    this.#fallback = options.default;
    this.#exposeErrors = options.exposeErrors === true;
  }

  /** Which rule answers this context (evaluated in order). */
  choose(ctx: RequestContext<string>): Choice {
    for (const rule of this.#rules) {
      if (rule.when(ctx, undefined)) return { rule: rule.name, target: resolve(rule.use, ctx) };
    }
    return { rule: 'default', target: resolve(this.#fallback, ctx) };
  }

  readonly responseProvider = (request: EdgeRequest): Promise<object> => this.handle(request);

  async handle(request: EdgeRequest): Promise<object> {
    let choice: Choice;
    try {
      choice = this.choose(captureContext(request));
    } catch (error) {
      reportError('compose-rule', 'a rule condition or a rule target function threw, answering 500', error);
      return problemResponse(ruleProblem(error, request.path, this.#exposeErrors), DEFAULT_COMPLETED_HEADER);
    }
    return isAnswerer(choice.target) ? choice.target.handle(request) : specResponse(choice.target);
  }
}

export function rules(list: readonly Rule[], options: RulesOptions): Rules {
  return new Rules(list, options);
}

function resolve(target: RuleTarget, ctx: RequestContext<string>): Answerer | ResponseSpec {
  return typeof target === 'function' ? target(ctx) : target;
}

function isAnswerer(target: Answerer | ResponseSpec): target is Answerer {
  return typeof (target as Partial<Answerer>).handle === 'function';
}

function checkTarget(target: unknown, where: string): void {
  if (target !== null && typeof target === 'object' && !isAnswerer(target as Answerer | ResponseSpec)) {
    const status = (target as ResponseSpec).status;
    if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
      throw new DefinitionError(`${where}.status: expected an integer from 200 to 599 (decisions 5), got ${describe(status)}`);
    }
    return;
  }
  if (typeof target === 'function' || (target !== null && typeof target === 'object')) return;
  throw new DefinitionError(`${where}: expected a composition, a response { status, headers, json | body } or a function of the context, got ${describe(target)}`);
}
