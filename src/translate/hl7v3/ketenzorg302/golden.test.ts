/**
 * Golden tests of the Ketenzorg 3.0.2 translators against the Nictiz expected outputs of the
 * qualification patient XXX_Cevat (fixtures/hl7v3/qualification/gp-cevat) and of the LSP episodes
 * batch in fixtures/hl7v3/gp-ketenzorg-302, compared field by field without a date shift (the expected
 * files carry the source's absolute dates) and without the manifest's asPatient (the expected files
 * keep the source patient). Only the reviewed differences in golden/expected-differences.json may
 * differ, and each must still occur. Every Bundle must also meet the MedMij response rules. Skips
 * when ../shared is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ExpectedDifferences } from '../../golden/differences.ts';
import { REPO_ROOT, SHARED_DIR } from '../../golden/fixtures.ts';
import { reviewProblems } from '../allergy612/golden-review.test-util.ts';
import { runAllergyCase as runCase, type CaseTranslator } from '../allergy612/golden-run.test-util.ts';
import {
  CONTACT_REPORTS_INTERACTION,
  CONTACTS_INTERACTION,
  EPISODES_INTERACTION,
  GENERAL_OBSERVATIONS_INTERACTION,
} from './oids.ts';
import { translateGeneralObservations } from './translate-observations.ts';
import { translateContacts } from './translate-contacts.ts';
import { translateContactReports } from './translate-reports.ts';
import { translateEpisodes } from './translate-episodes.ts';
import { mergePatients } from './translate-pool.ts';
import { medmijRuleViolations } from '../../golden/rules.test-util.ts';

const DIR = path.join(SHARED_DIR, 'fixtures/hl7v3/qualification/gp-cevat');
const KETENZORG_DIR = path.join(SHARED_DIR, 'fixtures/hl7v3/gp-ketenzorg-302');
const SKIP = existsSync(DIR) ? false : `../shared (${SHARED_DIR}) is absent: Ketenzorg goldens skipped`;
const expectedFile = path.join(
  REPO_ROOT,
  'src/translate/hl7v3/ketenzorg302/golden/expected-differences.json',
);
const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as ExpectedDifferences & { about?: unknown };

/**
 * A case: `name` is the fixture file (in `dir`, default the XXX_Cevat folder); a `#suffix` names
 * another search on the same file. `search` is the FHIR search the Bundle answers (for its self link).
 */
const CASES: {
  name: string;
  dir?: string;
  anchor: string;
  how: CaseTranslator;
  counts: Record<string, number>;
  search: string;
  bsn: string;
}[] = [
  {
    name: 'episodes_REPC_EX990111NL_02',
    anchor: '2020-03-12',
    how: { interaction: EPISODES_INTERACTION, translate: translateEpisodes, matchType: 'EpisodeOfCare' },
    counts: { EpisodeOfCare: 1, Condition: 1, Patient: 1, Organization: 1 },
    search: 'EpisodeOfCare',
    bsn: '900184590',
  },
  {
    // An LSP batch: an LSP-made part that answers AE (AUTERR_SWV_FALSE, no data) and the same episode
    // from two practices. Nictiz repeats the episode once per part and practice (4 entries); each
    // resource is kept once here, as services/search.ts does, with one Patient for the batch.
    name: 'episodes_bundle_01',
    dir: KETENZORG_DIR,
    anchor: '2018-11-27',
    how: {
      interaction: EPISODES_INTERACTION,
      translate: translateEpisodes,
      matchType: 'EpisodeOfCare',
      reduce: mergePatients,
    },
    counts: { EpisodeOfCare: 1, Condition: 1, Patient: 1, Organization: 2 },
    search: 'EpisodeOfCare',
    bsn: '900154858',
  },
  {
    // The Nictiz file answers the Composition search (contact reports with their contacts); only the
    // Encounters and the resources they refer to are ours here.
    name: 'contactverslag_bundle_03_met_contacten',
    anchor: '2020-06-26',
    how: {
      interaction: CONTACTS_INTERACTION,
      translate: translateContacts,
      matchType: 'Encounter',
      expectedTypes: ['Encounter', 'Patient', 'Practitioner', 'PractitionerRole', 'Organization'],
    },
    counts: { Encounter: 18, Patient: 1, Practitioner: 1, PractitionerRole: 1, Organization: 1 },
    search: 'Encounter',
    bsn: '900184590',
  },
  {
    // The same file for the Composition search: contact reports and their E/P journal lines.
    name: 'contactverslag_bundle_03_met_contacten#reports',
    anchor: '2020-06-26',
    how: {
      interaction: CONTACT_REPORTS_INTERACTION,
      translate: translateContactReports,
      matchType: 'Composition',
      expectedTypes: [
        'Composition',
        'Observation',
        'Patient',
        'Practitioner',
        'PractitionerRole',
        'Organization',
      ],
    },
    counts: {
      Composition: 18,
      Observation: 31,
      Patient: 1,
      Practitioner: 1,
      PractitionerRole: 1,
      Organization: 1,
    },
    search: 'Composition?type=http://loinc.org|67781-5',
    bsn: '900184590',
  },
  {
    // POOB only: the file's POLB lab part has no expected FHIR (qualification README).
    name: 'algemene_bepalingen_bundle_POOB_IN990003NL_01',
    anchor: '2021-08-02',
    how: {
      interaction: GENERAL_OBSERVATIONS_INTERACTION,
      translate: translateGeneralObservations,
      matchType: 'Observation',
    },
    counts: { Observation: 21, Patient: 1, Practitioner: 1, PractitionerRole: 1 },
    search: 'Observation',
    bsn: '900184590',
  },
];

test('expected-differences.json names only known cases', () => {
  for (const key of Object.keys(expected))
    if (key !== 'about')
      assert.ok(
        CASES.some((c) => c.name === key),
        `unknown case '${key}'`,
      );
});

for (const c of CASES) {
  test(`golden: ${c.name}`, { skip: SKIP }, () => {
    const file = path.join(c.dir ?? DIR, c.name.split('#')[0] ?? c.name);
    const r = runCase(
      {
        name: c.name,
        input: `${file}.hl7v3.xml`,
        expected: `${file}.fhir-stu3.xml`,
        anchor: c.anchor,
        today: c.anchor,
      },
      c.how,
    );
    assert.deepEqual(r.idMismatches, [], 'every fullUrl must end with its resource id');
    const counts: Record<string, number> = {};
    for (const e of r.bundle.entry ?? []) {
      const t = e.resource?.resourceType ?? '?';
      counts[t] = (counts[t] ?? 0) + 1;
    }
    assert.deepEqual(counts, c.counts);
    assert.doesNotMatch(JSON.stringify(r.bundle), new RegExp(c.bsn), 'no BSN in the Bundle');
    assert.deepEqual(medmijRuleViolations(r.bundle, `huisartsdemo/49/stu3/${c.search}`), []);
    const problems = reviewProblems(r.differences, r.fields, expected[c.name] ?? []);
    assert.ok(problems.length === 0, problems.join('\n'));
  });
}
