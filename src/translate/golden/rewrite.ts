/**
 * The one writer of our own golden files, shared by every translator's update script: for each case,
 * translate, compare with the golden on disk field by field, print what changed for review, and write
 * the new golden formatted as the repository's Prettier formats it (so a rewrite is not a format
 * change). Tests never write goldens.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as fhir from 'fhir';
import { format, resolveConfig } from 'prettier';
import { fromJson } from './canonical.ts';
import { compareBundles } from './compare.ts';
import { formatDifferences } from './differences.ts';

export interface GoldenCase {
  /** The case's name, matched by the names given on the command line. */
  name: string;
  /** The golden file. */
  expected: string;
  /** The translation as it is now. */
  translate: () => fhir.Bundle;
}

/**
 * Rewrites the goldens of `cases` that changed; prints each case's verdict and the differences.
 * @param cases - the cases of one translator
 * @param only - names (parts of names) to limit the run to; empty: every case
 * @returns how many files were written
 */
export async function rewriteGoldens(
  cases: Iterable<GoldenCase>,
  only: readonly string[] = [],
): Promise<number> {
  let changed = 0;
  for (const c of cases) {
    if (only.length > 0 && !only.some((n) => c.name.includes(n))) continue;
    const bundle = c.translate();
    const options = (await resolveConfig(c.expected)) ?? {};
    const text = await format(JSON.stringify(bundle, null, 2), { ...options, filepath: c.expected });
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
  return changed;
}
