/**
 * Rewrites our own Ketenzorg goldens (golden/<name>.fhir.json, see golden-own-cases.test-util.ts) from
 * the current translation, and prints what changed for review (see translate/golden/rewrite.ts). Run:
 * `node --import tsx src/translate/hl7v3/ketenzorg302/golden-update.ts [NAME...]`; with names, only
 * the cases whose name contains one of them.
 */
import { rewriteGoldens } from '../../golden/rewrite.ts';
import { translateAllergyCase } from '../allergy612/golden-run.test-util.ts';
import { ownCases } from './golden-own-cases.test-util.ts';

await rewriteGoldens(
  ownCases().map(({ c, how }) => ({
    name: c.name,
    expected: c.expected,
    translate: () => translateAllergyCase(c, how),
  })),
  process.argv.slice(2),
);
