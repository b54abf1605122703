/**
 * Golden tests of the Ketenzorg building blocks that have no Nictiz output, against our own reviewed
 * files (golden-own-cases.test-util.ts): the XXX_Cevat lab results (skipped without ../shared) and our
 * synthetic GP patients. No differences allowed; a missing golden fails (only golden-update.ts writes).
 * Every Bundle meets the MedMij response rules.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { formatDifferences } from '../../golden/differences.ts';
import { SHARED_DIR } from '../../golden/fixtures.ts';
import { medmijRuleViolations } from '../../golden/rules.test-util.ts';
import { runAllergyCase } from '../allergy612/golden-run.test-util.ts';
import { cevatLabCase, syntheticGpCases, type OwnCase } from './golden-own-cases.test-util.ts';

function check({ c, how }: OwnCase): ReturnType<typeof runAllergyCase> {
  assert.ok(
    existsSync(c.expected),
    `golden file ${c.expected} is missing; review and write it with: node --import tsx src/translate/hl7v3/ketenzorg302/golden-update.ts`,
  );
  const r = runAllergyCase(c, how);
  assert.deepEqual(r.idMismatches, [], 'every fullUrl must end with its resource id');
  assert.deepEqual(medmijRuleViolations(r.bundle, `brug/0/stu3/${how.matchType}`), []);
  assert.ok(
    r.differences.length === 0,
    `${r.differences.length} difference(s) of ${r.fields} fields:\n${formatDifferences(r.differences)}`,
  );
  return r;
}

const lab = cevatLabCase();
test(
  'golden: the 2 NHG lab results of XXX_Cevat (POLB_IN364001NL03), gp-LaboratoryResult',
  { skip: lab ? false : `../shared (${SHARED_DIR}) is absent` },
  () => {
    const r = check(lab!);
    const results = (r.bundle.entry ?? []).filter((e) => e.search?.mode === 'match');
    assert.deepEqual(
      results.map((e) => (e.resource as { identifier?: { value?: string }[] }).identifier?.[0]?.value).sort(),
      ['MedMijHG-LabBep-C11-01', 'MedMijHG-LabBep-C14-01'],
    );
    assert.doesNotMatch(JSON.stringify(r.bundle), /900184590/, 'no BSN in the Bundle');
  },
);

const synthetic = syntheticGpCases();
test('our synthetic GP patients include lab results and allergies', () => {
  const names = synthetic.map((s) => s.c.name).join(' ');
  assert.match(names, /POLB_IN364001NL03/);
  assert.match(names, /REPC_IN990131NL/);
});

for (const s of synthetic) test(`golden (synthetic): ${s.c.name}`, () => void check(s));
