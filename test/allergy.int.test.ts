/**
 * The MedMij qualification patients of the 6.12 allergy conversion (Nictiz-testscripts
 * AllergyIntolerance-3-0 AllergyIntoleranceConv), served end to end through the demo with
 * `BRUG_SIM_DATA=../shared/fixtures/hl7v3/qualification`: XXX-STALEWSKA gets 4 AllergyIntolerance
 * (the LSP batch carries the same message twice; each building block comes back once), XXX-DAALEN
 * gets none (200 with an empty searchset). Also our own synthetic patient BRUGGE (always present).
 * The Stalewska part skips with a message when ../shared is absent.
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
const PROFILE = 'http://nictiz.nl/fhir/StructureDefinition/mp612-AllergyIntoleranceToFHIRConversion';

let demo: Demo;

before(async () => {
  demo = await startDemo({}, existsSync(QUALIFICATION) ? [QUALIFICATION] : []);
});

after(async () => {
  await demo?.close();
});

async function search(
  bsn: string,
  params: [string, string][] = [],
  accept = 'application/fhir+json',
): Promise<fhir.Bundle> {
  const token = await issueTestToken(
    {
      config: demo.config,
      store: demo.gateway.store,
      clients: loadClientRegistry(demo.config),
      logger: createLogger('silent'),
    },
    { bsn, scope: 'ggzdemo~58', clientId: 'localhost' },
  );
  const res = await fetch(
    `${demo.base}/fhir/ggzdemo/58/stu3/AllergyIntolerance?${new URLSearchParams(params).toString()}`,
    { headers: { authorization: `Bearer ${token}`, accept } },
  );
  assert.equal(res.status, 200);
  const body = await res.text();
  assert.doesNotMatch(body, new RegExp(bsn), 'no BSN in the response');
  if (accept !== 'application/fhir+json') return { resourceType: 'Bundle', type: 'searchset' };
  const bundle = JSON.parse(body) as fhir.Bundle;
  assert.deepEqual(checkMedMijRules(bundle, params), [], 'the MedMij response rules hold');
  return bundle;
}

function allergies(bundle: fhir.Bundle): fhir.AllergyIntolerance[] {
  return (bundle.entry ?? [])
    .filter((e) => e.search?.mode === 'match')
    .map((e) => e.resource as fhir.AllergyIntolerance);
}

test(
  '1.1 XXX-STALEWSKA: 4 AllergyIntolerance, each once, with the conversion profile',
  { skip },
  async () => {
    const bundle = await search('999911235');
    const found = allergies(bundle);
    assert.equal(found.length, 4);
    assert.equal(bundle.total, 4);
    assert.deepEqual(found.map((a) => a.identifier?.[0]?.value).sort(), [
      'CIO_01_01',
      'CIO_01_02',
      'CIO_01_03',
      'CIO_01_04',
    ]);
    for (const a of found) assert.equal(a.meta?.profile?.[0], PROFILE);
    const urls = (bundle.entry ?? []).map((e) => e.fullUrl);
    assert.equal(new Set(urls).size, urls.length, 'no entry twice');
  },
);

test('1.1 XXX-STALEWSKA with category=medication and clinical-status=active: still 4', { skip }, async () => {
  const bundle = await search('999911235', [
    ['category', 'medication'],
    ['clinical-status', 'active'],
  ]);
  assert.equal(allergies(bundle).length, 4);
});

test(
  '1.1 XXX-STALEWSKA with _include=AllergyIntolerance:patient: the Patient comes along, masked',
  { skip },
  async () => {
    const bundle = await search('999911235', [['_include', 'AllergyIntolerance:patient']]);
    const patients = (bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'Patient');
    assert.equal(patients.length, 1);
    assert.equal(patients[0]?.search?.mode, 'include');
    const id = (patients[0]?.resource as fhir.Patient).identifier?.[0];
    assert.equal(id?.value, undefined);
  },
);

test('1.1 XXX-STALEWSKA as FHIR XML', { skip }, async () => {
  await search('999911235', [['_format', 'xml']], 'application/fhir+xml');
});

test('1.3 XXX-DAALEN: no allergies, 200 with an empty searchset', { skip }, async () => {
  const bundle = await search('999911247');
  assert.equal(bundle.type, 'searchset');
  assert.equal(allergies(bundle).length, 0);
  assert.equal((bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'OperationOutcome').length, 0);
});

test('our synthetic BRUGGE: 3 allergies; clinical-status=active keeps 1', async () => {
  assert.equal(allergies(await search('999990081')).length, 3);
  const active = allergies(await search('999990081', [['clinical-status', 'active']]));
  assert.deepEqual(
    active.map((a) => a.identifier?.[0]?.value),
    ['ICA-0081-1'],
  );
});
