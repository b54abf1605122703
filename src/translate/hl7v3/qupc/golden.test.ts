/**
 * Golden test of the professional summary (`QUPC_IN990002NL`) against the Nictiz output in
 * fixtures/hl7v3/gp-waarneming-qupc, field by field over all of its resources: the patient and GP,
 * episodes, contacts, contact journals, results, prescriptions and intolerances, as the GP data
 * searches take them from the summary (pooled, each resource once). Only the reviewed differences in
 * golden/expected-differences.json may differ, and each must still occur. Then each search's own
 * translator: what it gives, and that its Bundle meets the MedMij response rules. Skips when ../shared
 * is absent.
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
import {
  runAllergyCase,
  translateAllergyCase,
  type AllergyCase,
} from '../allergy612/golden-run.test-util.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import type { XmlElement } from '../../../xml/index.ts';
import {
  PROFESSIONAL_SUMMARY_INTERACTION,
  translateProfessionalSummary,
  translateSummaryAgreements,
  translateSummaryAllergies,
  translateSummaryContacts,
  translateSummaryEpisodes,
  translateSummaryObservations,
  translateSummaryPatient,
  translateSummaryReports,
} from './translate.ts';

const NAME = 'QUPC_IN990002NL_01';
const DIR = path.join(SHARED_DIR, 'fixtures/hl7v3/gp-waarneming-qupc');
const SKIP = existsSync(DIR) ? false : `../shared (${SHARED_DIR}) is absent: QUPC golden skipped`;
const listed = (
  JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'src/translate/hl7v3/qupc/golden/expected-differences.json'), 'utf8'),
  ) as Record<string, ExpectedDifference[]>
)[NAME];
const CASE: AllergyCase = {
  name: NAME,
  input: path.join(DIR, `${NAME}.hl7v3.xml`),
  expected: path.join(DIR, `${NAME}.fhir-stu3.xml`),
  anchor: '2017-06-21',
  today: '2017-06-21',
};

function counts(bundle: fhir.Bundle): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of bundle.entry ?? []) {
    const t = e.resource?.resourceType ?? '?';
    out[t] = (out[t] ?? 0) + 1;
  }
  return out;
}

test(`golden: ${NAME} (the whole summary)`, { skip: SKIP }, () => {
  const r = runAllergyCase(CASE, {
    interaction: PROFESSIONAL_SUMMARY_INTERACTION,
    translate: translateProfessionalSummary,
    matchType: 'Patient',
  });
  assert.deepEqual(r.idMismatches, [], 'every fullUrl must end with its resource id');
  assert.deepEqual(counts(r.bundle), {
    Patient: 1,
    Practitioner: 2,
    Organization: 2,
    PractitionerRole: 2,
    EpisodeOfCare: 6,
    Condition: 6,
    Encounter: 13,
    Composition: 13,
    // 7 diagnostic results and the 22 E and P journal lines of the contacts (S and O never).
    Observation: 29,
    MedicationRequest: 2,
    Medication: 2,
    AllergyIntolerance: 1,
  });
  const patient = r.bundle.entry?.[0]?.resource as fhir.Patient;
  const gp = r.bundle.entry?.[1];
  assert.equal(patient.generalPractitioner?.[0]?.reference, gp?.fullUrl, 'the GP is the Practitioner');
  assert.equal(gp?.fullUrl, 'urn:oid:2.16.528.1.1007.3.1.900014719', 'named by UZI number, as Nictiz does');
  assert.doesNotMatch(JSON.stringify(r.bundle), /555555914/, 'no BSN in the Bundle');
  assert.ok(r.fields > 3000, `only ${r.fields} fields compared`);
  const problems = reviewProblems(r.differences, r.fields, listed ?? []);
  assert.ok(problems.length === 0, problems.join('\n'));
});

/** The summary as one GP data search sees it: its translator, match type and the MedMij search. */
const SEARCHES: {
  translate: (m: XmlElement) => TranslatedResource[];
  matchType: string;
  search: string;
  matches: number;
}[] = [
  {
    translate: translateSummaryPatient,
    matchType: 'Patient',
    search: 'Patient?_include=Patient:general-practitioner',
    matches: 1,
  },
  { translate: translateSummaryEpisodes, matchType: 'EpisodeOfCare', search: 'EpisodeOfCare', matches: 6 },
  { translate: translateSummaryContacts, matchType: 'Encounter', search: 'Encounter', matches: 13 },
  {
    translate: translateSummaryReports,
    matchType: 'Composition',
    search: 'Composition?type=http://loinc.org|67781-5',
    matches: 13,
  },
  {
    translate: translateSummaryObservations,
    matchType: 'Observation',
    search:
      'Observation?code=https://referentiemodel.nhg.org/tabellen/nhg-tabel-45-diagnostische-bepalingen|',
    matches: 7,
  },
  {
    translate: translateSummaryAgreements,
    matchType: 'MedicationRequest',
    search:
      'MedicationRequest?category=http://snomed.info/sct|16076005&_include=MedicationRequest:medication',
    matches: 2,
  },
  {
    translate: translateSummaryAllergies,
    matchType: 'AllergyIntolerance',
    search: 'AllergyIntolerance?category=medication',
    matches: 1,
  },
];

for (const s of SEARCHES) {
  test(
    `the summary on the ${s.matchType} search: ${s.matches} matches, MedMij rules hold`,
    { skip: SKIP },
    () => {
      const bundle = translateAllergyCase(CASE, {
        interaction: PROFESSIONAL_SUMMARY_INTERACTION,
        translate: s.translate,
        matchType: s.matchType,
      });
      assert.equal(bundle.total, s.matches);
      assert.deepEqual(medmijRuleViolations(bundle, `huisartsdemo/49/stu3/${s.search}`), []);
      assert.doesNotMatch(JSON.stringify(bundle), /555555914/, 'no BSN in the Bundle');
      const whole = new Set(
        translateAllergyCase(CASE, {
          interaction: PROFESSIONAL_SUMMARY_INTERACTION,
          translate: translateProfessionalSummary,
          matchType: 'Patient',
        }).entry?.map((e) => e.fullUrl),
      );
      for (const e of bundle.entry ?? [])
        assert.ok(
          whole.has(e.fullUrl),
          `${e.fullUrl ?? ''} has the fullUrl of the golden (one id per resource)`,
        );
    },
  );
}

test('the summary never shares S or O journal lines', { skip: SKIP }, () => {
  const bundle = translateAllergyCase(CASE, {
    interaction: PROFESSIONAL_SUMMARY_INTERACTION,
    translate: translateSummaryReports,
    matchType: 'Composition',
  });
  const codes = (bundle.entry ?? []).flatMap((e) => {
    const r = e.resource;
    if (r?.resourceType === 'Composition')
      return ((r as fhir.Composition).section ?? []).map((x) => x.code?.coding?.[0]?.code ?? '');
    if (r?.resourceType === 'Observation') return [(r as fhir.Observation).code.coding?.[0]?.code ?? ''];
    return [];
  });
  assert.ok(codes.length > 0);
  assert.deepEqual([...new Set(codes)].sort(), ['E', 'P']);
  assert.doesNotMatch(JSON.stringify(bundle), /Voelt zich beter/, 'an S line stays out');
});
