/**
 * Shared settings for the property-based fuzz tests: how many cases each property runs, the seed
 * (printed, and settable to replay a failure), and a per-case time bound that also records the slowest case.
 */
import type { TestContext } from 'node:test';
import fc from 'fast-check';

/** Cases per property: `BRUG_FUZZ_RUNS` (the benchmark profile uses 100000), 300 by default. */
export const RUNS = Number(process.env.BRUG_FUZZ_RUNS ?? 300);

/** Longest one case may take before it counts as a hang. */
export const MAX_CASE_MS = 1000;

/** A 9-digit run, i.e. something that could be a BSN. */
export const NINE_DIGITS = /(?<!\d)\d{9}(?!\d)/;

/** The seed to use: `BRUG_FUZZ_SEED` to replay a failure, otherwise a fresh one. */
function pickSeed(): number {
  const env = process.env.BRUG_FUZZ_SEED;
  if (env !== undefined && env !== '') return Number(env);
  return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
}

/**
 * Runs a synchronous property over `RUNS` cases, each bounded to `MAX_CASE_MS`; prints the seed, the
 * case count, the wall time and the slowest case as test diagnostics. A failure's error message
 * carries fast-check's seed and path for replay (`BRUG_FUZZ_SEED=<seed>`).
 * @param t - the test context (for diagnostics)
 * @param arb - the input generator
 * @param predicate - throws (an assertion) when the property does not hold
 */
export function fuzz<T>(t: TestContext, arb: fc.Arbitrary<T>, predicate: (input: T) => void): void {
  const seed = pickSeed();
  let slowest = 0;
  let slowestInput: unknown;
  const timed = (input: T): void => {
    const t0 = performance.now();
    predicate(input);
    const ms = performance.now() - t0;
    if (ms > slowest) {
      slowest = ms;
      slowestInput = input;
    }
    if (ms > MAX_CASE_MS) throw new Error(`one case took ${ms.toFixed(0)} ms (bound ${MAX_CASE_MS} ms)`);
  };
  const started = performance.now();
  t.diagnostic(`seed ${seed} (replay with BRUG_FUZZ_SEED=${seed}), ${RUNS} cases`);
  fc.assert(fc.property(arb, timed), { numRuns: RUNS, seed });
  const wall = performance.now() - started;
  const shown = fc.stringify(slowestInput);
  t.diagnostic(
    `wall ${wall.toFixed(0)} ms; slowest case ${slowest.toFixed(1)} ms on input of ${shown.length} chars: ` +
      (shown.length > 120 ? `${shown.slice(0, 120)}...` : shown),
  );
}
