/**
 * Rewrites our own allergy goldens (golden/<name>.fhir.json) from the current translation of the
 * synthetic REPC_IN000024NL answers in src/sim/data, and prints what changed for review (see
 * translate/golden/rewrite.ts). Run: `node --import tsx src/translate/hl7v3/allergy612/golden-update.ts [NAME...]`.
 */
import { rewriteGoldens } from '../../golden/rewrite.ts';
import { syntheticAllergyCases } from './golden-cases.test-util.ts';
import { translateAllergyCase } from './golden-run.test-util.ts';

await rewriteGoldens(
  syntheticAllergyCases().map((c) => ({
    name: c.name,
    expected: c.expected,
    translate: () => translateAllergyCase(c),
  })),
  process.argv.slice(2),
);
