/**
 * Test support for golden cases with reviewed expected differences (allergy and Ketenzorg goldens):
 * what is wrong when a case's differences and its reviewed list disagree.
 */
import type { Difference } from '../../golden/compare.ts';
import { formatDifferences, review, type ExpectedDifference } from '../../golden/differences.ts';

/**
 * The problems of a golden case: differences nobody reviewed, and reviewed differences that no longer
 * occur; empty when the case is as reviewed.
 * @param differences - the differences found
 * @param fields - how many fields were compared (for the report)
 * @param listed - the reviewed expected differences of this case
 */
export function reviewProblems(
  differences: Difference[],
  fields: number,
  listed: ExpectedDifference[],
): string[] {
  const { unexpected, stale } = review(differences, listed);
  const problems: string[] = [];
  if (unexpected.length > 0)
    problems.push(
      `${unexpected.length} unexpected difference(s) of ${fields} fields:\n${formatDifferences(unexpected)}`,
    );
  if (stale.length > 0)
    problems.push(
      `${stale.length} expected difference(s) no longer occur (remove them):\n${stale.map((s) => `  ${s.path}`).join('\n')}`,
    );
  return problems;
}
