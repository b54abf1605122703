/**
 * The MedMij qualification patients of the 6.12 conversion (Nictiz-testscripts Dispense612Conversion),
 * served end to end: the demo with `BRUG_SIM_DATA=../shared/fixtures/hl7v3/qualification`, a token per
 * patient, and the scripts' searches with their filters, dates relative to today. Counts are the
 * scripts' expectations (TA + MVE); 3.1g is a warning-only assert upstream and is not replayed here.
 * Skips with a message when ../shared is absent.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as fhir from 'fhir';
import { startDemo, type Demo } from './support/demo.ts';
import { issueTestToken } from '../src/medmij/oauth/index.ts';
import { loadClientRegistry } from '../src/medmij/lists/index.ts';
import { checkMedMijRules } from '../src/medmij/fhir/index.ts';
import { createLogger } from '../src/log.ts';

const QUALIFICATION = resolve(import.meta.dirname, '../../shared/fixtures/hl7v3/qualification');
const skip = existsSync(QUALIFICATION) ? false : `needs ${QUALIFICATION} (../shared is absent)`;
const SNOMED = 'http://snomed.info/sct';
const BASE_QUERY: [string, string][] = [
  ['category', `${SNOMED}|373784005,${SNOMED}|422037009`],
  ['_include', 'MedicationDispense:medication'],
  ['_include', 'MedicationDispense:patient'],
  ['_include', 'MedicationDispense:performer'],
];

let demo: Demo;

before(async () => {
  if (skip) return;
  demo = await startDemo({}, [QUALIFICATION]);
});

after(async () => {
  await demo?.close();
});

/** Today plus n days in Europe/Amsterdam, as the scripts' ${DATE, T, D, n}. */
function day(n: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

async function counts(bsn: string, filters: [string, string][] = []): Promise<[number, number, fhir.Bundle]> {
  const token = await issueTestToken(
    {
      config: demo.config,
      store: demo.gateway.store,
      clients: loadClientRegistry(demo.config),
      logger: createLogger('silent'),
    },
    { bsn, scope: 'ggzdemo~31', clientId: 'localhost' },
  );
  const params = [...BASE_QUERY, ...filters];
  const res = await fetch(
    `${demo.base}/fhir/ggzdemo/31/stu3/MedicationDispense?${new URLSearchParams(params).toString()}`,
    {
      headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
    },
  );
  assert.equal(res.status, 200);
  const bundle = (await res.json()) as fhir.Bundle;
  assert.deepEqual(checkMedMijRules(bundle, params), [], 'the MedMij response rules hold');
  const codes = (bundle.entry ?? [])
    .filter((e) => e.search?.mode === 'match')
    .map((e) => (e.resource as fhir.MedicationDispense).category?.coding?.[0]?.code);
  return [
    codes.filter((c) => c === '422037009').length,
    codes.filter((c) => c === '373784005').length,
    bundle,
  ];
}

const SCENARIOS: [string, string, [string, string][], [number, number]][] = [
  ['1.1 HENEGOUWEN', '555555112', [], [1, 1]],
  ['2.1 CREIENS', '999999060', [], [11, 11]],
  ['2.2 DIREN', '555555914', [], [11, 11]],
  ['2.3 XXX-BEKKER', '999911715', [], [3, 3]],
  ['3.1a VEENOORD no filter', '555555021', [], [6, 6]],
  ['3.1b VEENOORD requestdate ge T-90', '555555021', [['requestdate', `ge${day(-90)}`]], [5, 5]],
  ['3.1c VEENOORD requestdate lt T-90', '555555021', [['requestdate', `lt${day(-90)}`]], [1, 1]],
  [
    '3.1d VEENOORD requestdate ge T-90 & le T-30',
    '555555021',
    [
      ['requestdate', `ge${day(-90)}`],
      ['requestdate', `le${day(-30)}`],
    ],
    [2, 2],
  ],
  ['3.1e VEENOORD periodofuse ge T-21', '555555021', [['periodofuse', `ge${day(-21)}`]], [4, 4]],
  ['3.1f VEENOORD periodofuse lt T-21', '555555021', [['periodofuse', `lt${day(-21)}`]], [3, 3]],
];

for (const [name, bsn, filters, expected] of SCENARIOS) {
  test(`qualification ${name}: ${expected[0]} TA + ${expected[1]} MVE`, { skip }, async () => {
    const [ta, mve, bundle] = await counts(bsn, filters);
    assert.deepEqual([ta, mve], expected);
    assert.doesNotMatch(JSON.stringify(bundle), new RegExp(bsn), 'no BSN in the Bundle');
  });
}

test('the Veenoord dispense dates come out relative to today (T-100 ... T-5)', { skip }, async () => {
  const [, , bundle] = await counts('555555021');
  const dates = (bundle.entry ?? [])
    .map((e) => e.resource as fhir.MedicationDispense)
    .flatMap((d) => d.extension ?? [])
    .filter((x) => x.url.endsWith('zib-Dispense-RequestDate'))
    .map((x) => x.valueDateTime?.slice(0, 10))
    .sort();
  assert.deepEqual(dates, [day(-100), day(-50), day(-50), day(-20), day(-10), day(-5)]);
});
