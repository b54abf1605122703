/**
 * Golden test of the Ketenzorg 3.0.2 GP allergies (`REPC_IN990131NL` -> AllergyIntolerance,
 * zib-AllergyIntolerance) against the Nictiz expected output in fixtures/hl7v3/gp-ketenzorg-302, field
 * by field, entries matched by what they are (allergy identifier, practitioner name, role, URA, the
 * patient). Only the reviewed differences in golden/allergy-expected-differences.json may differ, and
 * each must still occur; the Bundle meets the MedMij response rules. Skips when ../shared is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ExpectedDifference } from '../../golden/differences.ts';
import { REPO_ROOT, SHARED_DIR } from '../../golden/fixtures.ts';
import { medmijRuleViolations } from '../../golden/rules.test-util.ts';
import { reviewProblems } from '../allergy612/golden-review.test-util.ts';
import { runAllergyCase } from '../allergy612/golden-run.test-util.ts';
import { ALLERGIES_INTERACTION } from './oids.ts';
import { translateGpAllergies } from './translate-allergies.ts';

const NAME = 'allergieintoleranties_REPC_IN990131NL_02';
const DIR = path.join(SHARED_DIR, 'fixtures/hl7v3/gp-ketenzorg-302');
const SKIP = existsSync(DIR) ? false : `../shared (${SHARED_DIR}) is absent: GP allergy golden skipped`;
const listed = (
  JSON.parse(
    readFileSync(
      path.join(REPO_ROOT, 'src/translate/hl7v3/ketenzorg302/golden/allergy-expected-differences.json'),
      'utf8',
    ),
  ) as Record<string, ExpectedDifference[]>
)[NAME];

test(`golden: ${NAME}`, { skip: SKIP }, () => {
  const r = runAllergyCase(
    {
      name: NAME,
      input: path.join(DIR, `${NAME}.hl7v3.xml`),
      expected: path.join(DIR, `${NAME}.fhir-stu3.xml`),
      anchor: '2021-08-25',
      today: '2021-08-25',
    },
    { interaction: ALLERGIES_INTERACTION, translate: translateGpAllergies, matchType: 'AllergyIntolerance' },
  );
  assert.deepEqual(r.idMismatches, [], 'every fullUrl must end with its resource id');
  const counts: Record<string, number> = {};
  for (const e of r.bundle.entry ?? []) {
    const t = e.resource?.resourceType ?? '?';
    counts[t] = (counts[t] ?? 0) + 1;
  }
  assert.deepEqual(counts, {
    AllergyIntolerance: 3,
    Patient: 1,
    Practitioner: 1,
    Organization: 1,
    PractitionerRole: 1,
  });
  assert.equal(r.bundle.total, 3);
  for (const e of r.bundle.entry ?? [])
    if (e.resource?.resourceType === 'AllergyIntolerance')
      assert.deepEqual((e.resource as { category?: string[] }).category, ['medication']);
  assert.doesNotMatch(JSON.stringify(r.bundle), /999901163/, 'no BSN in the Bundle');
  assert.deepEqual(
    medmijRuleViolations(r.bundle, 'huisartsdemo/49/stu3/AllergyIntolerance?category=medication'),
    [],
  );
  assert.ok(r.fields > 80, `only ${r.fields} fields compared`);
  const problems = reviewProblems(r.differences, r.fields, listed ?? []);
  assert.ok(problems.length === 0, problems.join('\n'));
});
