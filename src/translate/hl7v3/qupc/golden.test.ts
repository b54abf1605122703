/**
 * Golden test of the professional summary's patient and GP (`QUPC_IN990002NL` -> Patient with
 * generalPractitioner, Practitioner, PractitionerRole, Organization) against the Nictiz output in
 * fixtures/hl7v3/gp-waarneming-qupc, field by field for those resource types (the summary's episodes,
 * contacts, results, medication and allergies are not translated yet: they are left out of the
 * comparison). Only the reviewed differences in golden/expected-differences.json may differ, and each
 * must still occur. Skips when ../shared is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type * as fhir from 'fhir';
import type { ExpectedDifference } from '../../golden/differences.ts';
import { REPO_ROOT, SHARED_DIR } from '../../golden/fixtures.ts';
import { medmijRuleViolations } from '../../golden/rules.test-util.ts';
import { reviewProblems } from '../allergy612/golden-review.test-util.ts';
import { runAllergyCase } from '../allergy612/golden-run.test-util.ts';
import { PROFESSIONAL_SUMMARY_INTERACTION, translateSummaryPatient } from './translate.ts';

const NAME = 'QUPC_IN990002NL_01';
const DIR = path.join(SHARED_DIR, 'fixtures/hl7v3/gp-waarneming-qupc');
const SKIP = existsSync(DIR) ? false : `../shared (${SHARED_DIR}) is absent: QUPC golden skipped`;
const listed = (
  JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'src/translate/hl7v3/qupc/golden/expected-differences.json'), 'utf8'),
  ) as Record<string, ExpectedDifference[]>
)[NAME];

test(`golden: ${NAME} (patient and general practitioner)`, { skip: SKIP }, () => {
  const r = runAllergyCase(
    {
      name: NAME,
      input: path.join(DIR, `${NAME}.hl7v3.xml`),
      expected: path.join(DIR, `${NAME}.fhir-stu3.xml`),
      anchor: '2017-06-21',
      today: '2017-06-21',
    },
    {
      interaction: PROFESSIONAL_SUMMARY_INTERACTION,
      translate: translateSummaryPatient,
      matchType: 'Patient',
      expectedTypes: ['Patient', 'Practitioner', 'PractitionerRole', 'Organization'],
    },
  );
  assert.deepEqual(r.idMismatches, [], 'every fullUrl must end with its resource id');
  assert.deepEqual(
    (r.bundle.entry ?? []).map((e) => e.resource?.resourceType),
    ['Patient', 'Practitioner', 'Organization', 'PractitionerRole'],
  );
  const patient = r.bundle.entry?.[0]?.resource as fhir.Patient;
  const gp = r.bundle.entry?.[1];
  assert.equal(patient.generalPractitioner?.[0]?.reference, gp?.fullUrl, 'the GP is the Practitioner');
  assert.equal(gp?.fullUrl, 'urn:oid:2.16.528.1.1007.3.1.900014719', 'named by UZI number, as Nictiz does');
  assert.doesNotMatch(JSON.stringify(r.bundle), /555555914/, 'no BSN in the Bundle');
  assert.deepEqual(
    medmijRuleViolations(r.bundle, 'huisartsdemo/49/stu3/Patient?_include=Patient:general-practitioner'),
    [],
  );
  const problems = reviewProblems(r.differences, r.fields, listed ?? []);
  assert.ok(problems.length === 0, problems.join('\n'));
});
