/**
 * Rewrites our own Ketenzorg goldens (golden/<name>.fhir.json, see golden-own-cases.test-util.ts) from
 * the current translation, and prints what changed for review. The only writer of these goldens; tests
 * never write. Run: `node --import tsx src/translate/hl7v3/ketenzorg302/golden-update.ts [NAME...]`;
 * with names, only the cases whose name contains one of them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromJson } from '../../golden/canonical.ts';
import { compareBundles } from '../../golden/compare.ts';
import { formatDifferences } from '../../golden/differences.ts';
import { translateAllergyCase } from '../allergy612/golden-run.test-util.ts';
import { ownCases } from './golden-own-cases.test-util.ts';

const only = process.argv.slice(2);
let changed = 0;
for (const { c, how } of ownCases()) {
  if (only.length > 0 && !only.some((n) => c.name.includes(n))) continue;
  const bundle = translateAllergyCase(c, how);
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  const name = path.basename(c.expected);
  if (existsSync(c.expected)) {
    const old = fromJson('Bundle', JSON.parse(readFileSync(c.expected, 'utf8')) as Record<string, unknown>);
    const cmp = compareBundles(old, fromJson('Bundle', bundle as unknown as Record<string, unknown>));
    if (cmp.differences.length === 0) {
      process.stdout.write(`${name}: unchanged (${cmp.fields} fields)\n`);
      continue;
    }
    process.stdout.write(
      `${name}: ${cmp.differences.length} field(s) changed (expected = old golden, actual = new):\n${formatDifferences(cmp.differences)}\n`,
    );
  } else {
    process.stdout.write(`${name}: new golden, review it:\n${text}`);
  }
  writeFileSync(c.expected, text);
  changed++;
}
process.stdout.write(`${changed} golden file(s) written\n`);
