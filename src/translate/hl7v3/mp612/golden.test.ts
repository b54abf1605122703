/**
 * Golden tests of the 6.12 translator.
 * - The Nictiz fixtures in ../shared (2 in medication-612, 3 in qualification/mp612-dispense): input
 *   shifted to today from its manifest anchor, expected T-dates resolved with T = today
 *   (Europe/Amsterdam), compared field by field; only the reviewed differences in
 *   golden/expected-differences.json may differ, and each of them must still occur.
 * - Our synthetic patients (src/sim/data): compared with golden/<name>.fhir.json, no differences
 *   allowed. A missing golden fails; only `node --import tsx src/translate/golden/update.ts` writes them.
 * Every Bundle of both kinds meets the generic MedMij response rules (`checkMedMijRules`), as the
 * answer to the dispense search of data service 31.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { formatDifferences, review, type ExpectedDifferences } from '../../golden/differences.ts';
import { fixtureCases, GOLDEN_DIR, SHARED_DIR, syntheticCases } from '../../golden/fixtures.ts';
import { medmijRuleViolations } from '../../golden/rules.test-util.ts';
import { runFixtureCase, runSyntheticCase } from '../../golden/run.ts';

const sharedPresent = existsSync(SHARED_DIR);
const SKIP = `../shared (${SHARED_DIR}) is absent: Nictiz fixture goldens skipped`;
const expectedFile = path.join(GOLDEN_DIR, 'expected-differences.json');
const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as ExpectedDifferences & { about?: unknown };

const cases = sharedPresent ? fixtureCases() : [];

/** The search a 6.12 golden Bundle answers: both conversion categories, with the Medications. */
const SEARCH =
  'ggzdemo/31/stu3/MedicationDispense?category=http://snomed.info/sct|373784005,http://snomed.info/sct|422037009&_include=MedicationDispense:medication';

test('the five 6.12 fixtures with expected FHIR are found', { skip: sharedPresent ? false : SKIP }, () => {
  assert.deepEqual(cases.map((c) => c.name).sort(), [
    'QURX_EX990113NL_01_555555112_RP',
    'QURX_EX990113NL_02a_999999060_RP',
    'QURX_EX990113NL_02b_555555914_RP',
    'QURX_EX990113NL_02c_999911715',
    'QURX_EX990113NL_MVS_3_filtering',
  ]);
});

test('expected-differences.json names only known fixtures', { skip: sharedPresent ? false : SKIP }, () => {
  const known = new Set(cases.map((c) => c.name));
  for (const key of Object.keys(expected))
    if (key !== 'about') assert.ok(known.has(key), `unknown case '${key}' in ${expectedFile}`);
});

for (const c of cases) {
  test(`golden: ${c.name}`, () => {
    const r = runFixtureCase(c);
    assert.deepEqual(r.idMismatches, [], 'every fullUrl must end with its resource id');
    assert.deepEqual(medmijRuleViolations(r.bundle, SEARCH), [], 'the MedMij response rules hold');
    assert.ok(r.fields > 100, `only ${r.fields} fields compared`);
    const ta =
      r.bundle.entry?.filter((e) => e.resource?.meta?.profile?.[0]?.endsWith('AdministrationAgreement'))
        .length ?? 0;
    const mve =
      r.bundle.entry?.filter((e) => e.resource?.meta?.profile?.[0]?.endsWith('-Dispense')).length ?? 0;
    assert.equal(ta, mve, 'one TA per dispense and one MVE per dispense');
    const listed = expected[c.name] ?? [];
    const { unexpected, stale } = review(r.differences, listed);
    const problems: string[] = [];
    if (unexpected.length > 0)
      problems.push(
        `${unexpected.length} unexpected difference(s) of ${r.fields} fields:\n${formatDifferences(unexpected)}`,
      );
    if (stale.length > 0)
      problems.push(
        `${stale.length} expected difference(s) no longer occur (remove them):\n${stale.map((s) => `  ${s.path}`).join('\n')}`,
      );
    assert.ok(problems.length === 0, problems.join('\n'));
  });
}

for (const c of syntheticCases()) {
  test(`golden (synthetic): ${c.name}`, () => {
    assert.ok(
      existsSync(c.expected),
      `golden file ${c.expected} is missing; review and write it with: node --import tsx src/translate/golden/update.ts`,
    );
    const r = runSyntheticCase(c);
    assert.deepEqual(r.idMismatches, []);
    assert.deepEqual(medmijRuleViolations(r.bundle, SEARCH), [], 'the MedMij response rules hold');
    assert.ok(
      r.differences.length === 0,
      `${r.differences.length} difference(s) of ${r.fields} fields:\n${formatDifferences(r.differences)}`,
    );
  });
}
