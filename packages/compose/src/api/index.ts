// API orchestration: typed sources merged into one JSON response (see README.md in this folder).
export { api, ApiBuilder, MergedBuilder, type AnswerOf, type ApiOptions, type BodyOf, type RespondWith } from './builder.ts';
export { ApiComposition, type CompositionOptions, type RespondOptions, type RunResult } from './composition.ts';
export { UnknownSourceError } from './merge-guard.ts';
export { PROBLEM_CONTENT_TYPE, type Problem } from './problem.ts';
export { DEFAULT_COMPLETED_HEADER, JSON_CONTENT_TYPE, type HeaderMap, type ResponseSpec } from './respond.ts';
export type { ApiContext, DependencyName, DepsOf, ReadAs, RetryFor, SourceOptions, ViewOf } from './types.ts';
export type { CompositionErrorEntry, ErrorsAllowed, ErrorsOption, JsonPointer, SourceErrorReason, WithErrors } from './errors-list.ts';
export { MAX_REQUEST_BODY_BYTES, type BodyIssue, type BodyProblem } from './request-body.ts';
export type { CheckedTemplate } from './template-check.ts';
export { rules, Rules, type Answerer, type Choice, type Rule, type RuleTarget, type RulesOptions } from './rules.ts';
export * from './shape/index.ts';
