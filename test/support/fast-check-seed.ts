/**
 * Property suites run the same inputs on every run (CI must not fail on an input no earlier run
 * tried); `FC_SEED=<n>` runs another sequence, `FC_SEED=random` a fresh one each time, for
 * exploring. A counterexample found that way is kept as a plain test case beside its property.
 */
import fc from 'fast-check';

const requested = process.env.FC_SEED;
if (requested !== 'random') fc.configureGlobal({ seed: requested === undefined || requested === '' ? 20261204 : Number(requested) });
