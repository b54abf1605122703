/**
 * Golden test of the Ketenzorg 3.0.2 medication agreements (`QUMA_IN991203NL02` -> MedicationRequest)
 * against the Nictiz expected output in fixtures/hl7v3/gp-ketenzorg-302, field by field. Entries are
 * matched by what they are (agreement identifier, practitioner name, role by practitioner, product
 * code, organization URA, the patient). Only the reviewed differences in
 * golden/medication-expected-differences.json may differ, and each must still occur. Skips when
 * ../shared is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseXml } from '../../../xml/index.ts';
import { fromJson, fromXml, type CNode } from '../../golden/canonical.ts';
import { compareBundles, fullUrlIdMismatches } from '../../golden/compare.ts';
import type { ExpectedDifference } from '../../golden/differences.ts';
import { REPO_ROOT, SHARED_DIR } from '../../golden/fixtures.ts';
import { medmijRuleViolations } from '../../golden/rules.test-util.ts';
import { reviewProblems } from '../allergy612/golden-review.test-util.ts';
import { translateAllergyCase } from '../allergy612/golden-run.test-util.ts';
import { MEDICATION_AGREEMENTS_INTERACTION } from './oids.ts';
import { translateMedicationAgreements } from './translate-medication.ts';

const NAME = 'medicatieafspraken_QUMA_IN991203NL02_01';
const DIR = path.join(SHARED_DIR, 'fixtures/hl7v3/gp-ketenzorg-302');
const SKIP = existsSync(DIR)
  ? false
  : `../shared (${SHARED_DIR}) is absent: medication agreement golden skipped`;
const listed = (
  JSON.parse(
    readFileSync(
      path.join(REPO_ROOT, 'src/translate/hl7v3/ketenzorg302/golden/medication-expected-differences.json'),
      'utf8',
    ),
  ) as Record<string, ExpectedDifference[]>
)[NAME];

function kid(n: CNode | undefined, name: string): CNode | undefined {
  return n?.children.find((c) => c.name === name);
}

function get(n: CNode | undefined, p: string): string | undefined {
  let cur = n;
  for (const step of p.split('.')) cur = kid(cur, step);
  return cur?.value;
}

function identity(r: CNode): string | undefined {
  switch (r.name) {
    case 'MedicationRequest':
      return get(r, 'identifier.value');
    case 'Practitioner':
      return get(r, 'name.text');
    case 'PractitionerRole':
      return `${get(r, 'practitioner.display') ?? '?'}/${get(r, 'specialty.coding.code') ?? '?'}`;
    default:
      return undefined;
  }
}

/** Sets each resource's id to its identity, so the comparison matches entries by what they are. */
function keyed(bundle: CNode): CNode {
  return {
    ...bundle,
    children: bundle.children.map((e) => {
      const res = kid(e, 'resource');
      const r = res?.children[0];
      const key = r ? identity(r) : undefined;
      if (e.name !== 'entry' || !res || !r || key === undefined) return e;
      const rest = r.children.filter((k) => k.name !== 'id');
      const r2: CNode = { ...r, children: [{ name: 'id', value: key, children: [] }, ...rest] };
      return { ...e, children: e.children.map((c) => (c === res ? { ...res, children: [r2] } : c)) };
    }),
  };
}

test(`golden: ${NAME}`, { skip: SKIP }, () => {
  const bundle = translateAllergyCase(
    {
      name: NAME,
      input: path.join(DIR, `${NAME}.hl7v3.xml`),
      expected: path.join(DIR, `${NAME}.fhir-stu3.xml`),
      anchor: '2016-06-23',
      today: '2016-06-23',
    },
    {
      interaction: MEDICATION_AGREEMENTS_INTERACTION,
      translate: translateMedicationAgreements,
      matchType: 'MedicationRequest',
    },
  );
  const actual = fromJson('Bundle', bundle as unknown as Record<string, unknown>);
  assert.deepEqual(fullUrlIdMismatches(actual), [], 'every fullUrl must end with its resource id');
  const counts: Record<string, number> = {};
  for (const e of bundle.entry ?? []) {
    const t = e.resource?.resourceType ?? '?';
    counts[t] = (counts[t] ?? 0) + 1;
  }
  assert.deepEqual(counts, {
    MedicationRequest: 1,
    Patient: 1,
    Practitioner: 1,
    Organization: 1,
    PractitionerRole: 1,
    Medication: 1,
  });
  assert.doesNotMatch(JSON.stringify(bundle), /012345672/, 'no BSN in the Bundle');
  assert.deepEqual(
    medmijRuleViolations(
      bundle,
      'huisartsdemo/49/stu3/MedicationRequest?category=http://snomed.info/sct|16076005&_include=MedicationRequest:medication',
    ),
    [],
  );
  const expected = fromXml(parseXml(readFileSync(path.join(DIR, `${NAME}.fhir-stu3.xml`), 'utf8')));
  const r = compareBundles(keyed(expected), keyed(actual));
  const problems = reviewProblems(r.differences, r.fields, listed ?? []);
  assert.ok(problems.length === 0, problems.join('\n'));
});
