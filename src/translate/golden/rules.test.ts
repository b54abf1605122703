/**
 * The MedMij response rules (../shared/domain/fhir.md 2.1) on the golden Bundles of the 6.12 dispense
 * conversion: every Nictiz fixture case (skipped without ../shared) and every synthetic patient, with
 * the self link of the MedMij 6.12 search added as the FHIR layer adds it. The other goldens (GP data,
 * allergies, professional summary) run the same check in their own golden tests. First: the checker
 * used here finds what it must find.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as fhir from 'fhir';
import { fixtureCases, SHARED_DIR, syntheticCases } from './fixtures.ts';
import { medmijRuleViolations } from './rules.test-util.ts';
import { runFixtureCase, runSyntheticCase } from './run.ts';

const SEARCH_612 =
  'ggzdemo/31/stu3/MedicationDispense?category=http://snomed.info/sct|373784005,http://snomed.info/sct|422037009' +
  '&_include=MedicationDispense:medication&_include=MedicationDispense:patient&_include=MedicationDispense:performer';

test('the rule check adds a self link with the search parameters and reports what breaks a rule', () => {
  const bundle: fhir.Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    total: 1,
    entry: [
      {
        fullUrl: 'urn:uuid:6f1c2a1e-0c55-4c5e-9d0e-3c1f6f0a9b11',
        resource: {
          resourceType: 'EpisodeOfCare',
          id: '6f1c2a1e-0c55-4c5e-9d0e-3c1f6f0a9b11',
          meta: { profile: ['http://fhir.nl/fhir/StructureDefinition/nl-core-episodeofcare'] },
          status: 'active',
          patient: { reference: 'urn:uuid:0b7e5d7c-1d53-4f5e-8a43-1f2b3c4d5e6f' },
        },
        search: { mode: 'match' },
      },
    ],
  };
  assert.deepEqual(medmijRuleViolations(bundle, 'huisartsdemo/49/stu3/EpisodeOfCare?status=active'), [
    '9: Bundle.entry[0].resource.patient (Reference) has no display',
  ]);
  const named = structuredClone(bundle);
  (named.entry![0]!.resource as fhir.EpisodeOfCare).patient.display = 'Patiënt';
  assert.deepEqual(medmijRuleViolations(named, 'huisartsdemo/49/stu3/EpisodeOfCare?status=active'), []);
});

const fixtures = fixtureCases();
test(
  'the 6.12 fixtures are there for the rule check',
  { skip: fixtures.length === 0 ? `../shared (${SHARED_DIR}) is absent` : false },
  () => {
    assert.equal(fixtures.length, 5);
  },
);
for (const c of fixtures) {
  test(`MedMij response rules: golden Bundle of ${c.name}`, () => {
    assert.deepEqual(medmijRuleViolations(runFixtureCase(c).bundle, SEARCH_612), []);
  });
}

for (const c of syntheticCases()) {
  test(`MedMij response rules: golden Bundle of our ${c.name}`, () => {
    assert.deepEqual(medmijRuleViolations(runSyntheticCase(c).bundle, SEARCH_612), []);
  });
}
