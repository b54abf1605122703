/**
 * Golden tests of the MP 9 translators against our own reviewed files (golden-cases.test-util.ts):
 * every MP 9 answer of our synthetic patients, compared field by field with no differences allowed; a
 * missing golden fails (only golden-update.ts writes). Every Bundle meets the MedMij response rules for
 * the MedMij search of its building block (fhir.md 2.1, 2.2).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import type * as fhir from 'fhir';
import { formatDifferences } from '../../golden/differences.ts';
import { medmijRuleViolations } from '../../golden/rules.test-util.ts';
import { runAllergyCase } from '../allergy612/golden-run.test-util.ts';
import { mp9Cases } from './golden-cases.test-util.ts';
import {
  MP9_ADMINISTRATION_AGREEMENTS_INTERACTION,
  MP9_AGREEMENTS_INTERACTION,
  MP9_DISPENSE_REQUESTS_INTERACTION,
  MP9_DISPENSES_INTERACTION,
  MP9_MEDICATION_USE_INTERACTION,
} from './oids.ts';

const cases = mp9Cases();

test('every MP 9 building block has a synthetic answer with a golden', () => {
  assert.deepEqual(
    [...new Set(cases.map((c) => c.how.interaction))].sort(),
    [
      MP9_AGREEMENTS_INTERACTION,
      MP9_DISPENSE_REQUESTS_INTERACTION,
      MP9_ADMINISTRATION_AGREEMENTS_INTERACTION,
      MP9_DISPENSES_INTERACTION,
      MP9_MEDICATION_USE_INTERACTION,
    ].sort(),
  );
});

for (const { c, how } of cases) {
  test(`golden: ${c.name}`, () => {
    assert.ok(
      existsSync(c.expected),
      `golden file ${c.expected} is missing; review and write it with: node --import tsx src/translate/hl7v3/mp9/golden-update.ts`,
    );
    const r = runAllergyCase(c, how);
    assert.deepEqual(r.idMismatches, [], 'every fullUrl must end with its resource id');
    assert.deepEqual(medmijRuleViolations(r.bundle, `ggzdemo/31/stu3/${how.search}`), []);
    assert.ok(
      r.differences.length === 0,
      `${r.differences.length} difference(s) of ${r.fields} fields:\n${formatDifferences(r.differences)}`,
    );
    const matches = (r.bundle.entry ?? []).filter((e) => e.search?.mode === 'match');
    assert.ok(matches.length > 0, 'the answer has building blocks');
    for (const m of matches) assert.equal(m.resource?.resourceType, how.matchType);
    assert.doesNotMatch(JSON.stringify(r.bundle), /999990123/, 'no BSN in the Bundle');
    const patient = r.bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource as
      fhir.Patient | undefined;
    assert.ok(patient, 'the Patient is in the pool');
  });
}
