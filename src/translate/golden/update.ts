/**
 * Rewrites our own golden files (src/translate/hl7v3/mp612/golden/<name>.fhir.json) from the current
 * translation of the synthetic patients in src/sim/data, and prints what changed for review. The only
 * thing that writes goldens; tests never do. Run: `node --import tsx src/translate/golden/update.ts`.
 * The Nictiz fixtures are not ours and are never rewritten.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromJson } from './canonical.ts';
import { compareBundles } from './compare.ts';
import { formatDifferences } from './differences.ts';
import { syntheticCases } from './fixtures.ts';
import { translateCase } from './run.ts';

let changed = 0;
for (const c of syntheticCases()) {
  const bundle = translateCase(c, false, '');
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
