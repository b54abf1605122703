/**
 * Rewrites our own golden files (src/translate/hl7v3/mp612/golden/<name>.fhir.json) from the current
 * translation of the synthetic patients in src/sim/data, and prints what changed for review (see
 * rewrite.ts). Run: `node --import tsx src/translate/golden/update.ts [NAME...]`. The Nictiz fixtures
 * are not ours and are never rewritten.
 */
import path from 'node:path';
import { syntheticCases } from './fixtures.ts';
import { rewriteGoldens } from './rewrite.ts';
import { translateCase } from './run.ts';

await rewriteGoldens(
  syntheticCases().map((c) => ({
    name: path.basename(c.expected),
    expected: c.expected,
    translate: () => translateCase(c, false, ''),
  })),
  process.argv.slice(2),
);
