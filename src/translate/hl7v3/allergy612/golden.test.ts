/**
 * Golden tests of the 6.12 ICA allergy translator.
 * - The qualification batch (two identical REPC_IN000024NL, Stalewska content) shifted to the day
 *   Nictiz resolved CIO-01 with, served under the manifest's asPatient, against
 *   CIO-01-AlleOnderdelen_999911235.fhir-stu3.xml field by field; only the reviewed differences in
 *   golden/expected-differences.json may differ, and each must still occur.
 * - Our synthetic patients (src/sim/data): against golden/<name>.fhir.json, no differences allowed.
 *   A missing golden fails; only `node --import tsx src/translate/hl7v3/allergy612/golden-update.ts`
 *   writes them.
 * Every Bundle must also meet the MedMij response rules (with the self link the FHIR layer adds).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { formatDifferences, type ExpectedDifferences } from '../../golden/differences.ts';
import { SHARED_DIR } from '../../golden/fixtures.ts';
import { medmijRuleViolations } from '../../golden/rules.test-util.ts';
import { fixtureCase, syntheticAllergyCases } from './golden-cases.test-util.ts';
import { reviewProblems } from './golden-review.test-util.ts';
import { ALLERGY_GOLDEN_DIR, runAllergyCase } from './golden-run.test-util.ts';

const expectedFile = path.join(ALLERGY_GOLDEN_DIR, 'expected-differences.json');
const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as ExpectedDifferences & { about?: unknown };
const fixture = fixtureCase();
const SKIP = fixture ? false : `../shared (${SHARED_DIR}) is absent: Nictiz allergy golden skipped`;

test('golden: the qualification allergy batch against CIO-01 (Stalewska)', { skip: SKIP }, () => {
  assert.ok(fixture);
  const r = runAllergyCase(fixture);
  assert.deepEqual(r.idMismatches, [], 'every fullUrl must end with its resource id');
  assert.ok(r.fields > 300, `only ${r.fields} fields compared`);
  const types = (r.bundle.entry ?? []).map((e) => e.resource?.resourceType).sort();
  assert.deepEqual(
    types,
    [
      'AllergyIntolerance',
      'AllergyIntolerance',
      'AllergyIntolerance',
      'AllergyIntolerance',
      'Organization',
      'Patient',
      'Practitioner',
      'Practitioner',
      'Practitioner',
      'PractitionerRole',
      'PractitionerRole',
      'PractitionerRole',
      'RelatedPerson',
    ],
    'the batch repeats its message: each building block once',
  );
  assert.equal(r.bundle.total, 4);
  assert.doesNotMatch(JSON.stringify(r.bundle), /999911235|900184590/, 'no BSN in the Bundle');
  assert.deepEqual(medmijRuleViolations(r.bundle, 'ggzdemo/58/stu3/AllergyIntolerance'), []);
  const problems = reviewProblems(r.differences, r.fields, expected[fixture.name] ?? []);
  assert.ok(problems.length === 0, problems.join('\n'));
});

test('expected-differences.json names only the known fixture', { skip: SKIP }, () => {
  for (const key of Object.keys(expected)) if (key !== 'about') assert.equal(key, fixture?.name);
});

const synthetic = syntheticAllergyCases();

test('our synthetic patients include allergy answers', () => {
  assert.ok(synthetic.length >= 1, 'no REPC_IN000024NL answer in src/sim/data/manifest.json');
});

for (const c of synthetic) {
  test(`golden (synthetic): ${c.name}`, () => {
    assert.ok(
      existsSync(c.expected),
      `golden file ${c.expected} is missing; review and write it with: node --import tsx src/translate/hl7v3/allergy612/golden-update.ts`,
    );
    const r = runAllergyCase(c);
    assert.deepEqual(r.idMismatches, []);
    assert.deepEqual(medmijRuleViolations(r.bundle, 'ggzdemo/58/stu3/AllergyIntolerance'), []);
    assert.ok(
      r.differences.length === 0,
      `${r.differences.length} difference(s) of ${r.fields} fields:\n${formatDifferences(r.differences)}`,
    );
  });
}
