/**
 * Rewrites our own MP 9 goldens (golden/<file>.<interaction>.fhir.json, see golden-cases.test-util.ts)
 * from the current translation, and prints what changed for review (see translate/golden/rewrite.ts).
 * Run: `node --import tsx src/translate/hl7v3/mp9/golden-update.ts [NAME...]`.
 */
import { rewriteGoldens } from '../../golden/rewrite.ts';
import { translateAllergyCase } from '../allergy612/golden-run.test-util.ts';
import { mp9Cases } from './golden-cases.test-util.ts';

await rewriteGoldens(
  mp9Cases().map(({ c, how }) => ({
    name: c.name,
    expected: c.expected,
    translate: () => translateAllergyCase(c, how),
  })),
  process.argv.slice(2),
);
