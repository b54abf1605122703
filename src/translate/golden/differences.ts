/**
 * The reviewed list of expected differences per golden case
 * (`hl7v3/mp612/golden/expected-differences.json`): `{ "<case>": [{ "path", "reason" }] }`. A path may
 * use `*` (any characters except '.') and `**` (anything). Every actual difference must be covered by
 * an entry, and every entry must still cover at least one difference.
 */
import type { Difference } from './compare.ts';

export interface ExpectedDifference {
  path: string;
  reason: string;
}

export type ExpectedDifferences = Record<string, ExpectedDifference[]>;

function pattern(p: string): RegExp {
  const re = p
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^.]*'),
    )
    .join('.*');
  return new RegExp(`^${re}$`);
}

/** The outcome: differences nobody expected, and expected entries that matched nothing. */
export interface Review {
  unexpected: Difference[];
  stale: ExpectedDifference[];
}

/**
 * @param actual - the differences found
 * @param expected - the reviewed entries of this case
 */
export function review(actual: Difference[], expected: ExpectedDifference[]): Review {
  const res = expected.map((e) => ({ e, re: pattern(e.path), hits: 0 }));
  const unexpected: Difference[] = [];
  for (const d of actual) {
    let covered = false;
    for (const r of res) {
      if (r.re.test(d.path)) {
        r.hits++;
        covered = true;
      }
    }
    if (!covered) unexpected.push(d);
  }
  return { unexpected, stale: res.filter((r) => r.hits === 0).map((r) => r.e) };
}

/** A readable report of differences for a failing test. */
export function formatDifferences(ds: Difference[]): string {
  return ds
    .map(
      (d) =>
        `  ${d.path}\n    expected: ${d.expected ?? '(absent)'}\n    actual:   ${d.actual ?? '(absent)'}`,
    )
    .join('\n');
}
