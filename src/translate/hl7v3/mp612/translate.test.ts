import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type * as fhir from 'fhir';
import { parseXml } from '../../../xml/index.ts';
import { SYNTHETIC_GGZ_FILE } from '../../bench-support.ts';
import { translateDispenseList } from '../../index.ts';
import { quantity } from './map-common.ts';
import { dispense, message } from './test-message.test-util.ts';

test('no BSN anywhere in the output; the Patient BSN identifier is masked', () => {
  const xml = readFileSync(SYNTHETIC_GGZ_FILE, 'utf8');
  const pool = translateDispenseList(parseXml(xml));
  assert.doesNotMatch(JSON.stringify(pool), /999990032/);
  const patient = pool.find((e) => e.resource.resourceType === 'Patient')!.resource as fhir.Patient;
  const id = patient.identifier?.[0] as fhir.Identifier & { _value?: fhir.Element };
  assert.equal(id.system, 'http://fhir.nl/fhir/NamingSystem/bsn');
  assert.equal(id.value, undefined);
  assert.deepEqual(id._value, {
    extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' }],
  });
});

test('two uuids per run for the patient never repeat, and fullUrls end with the ids', () => {
  const xml = parseXml(readFileSync(SYNTHETIC_GGZ_FILE, 'utf8'));
  const a = translateDispenseList(xml);
  const b = translateDispenseList(xml);
  for (const e of a) assert.ok(e.fullUrl.endsWith(e.resource.id!), `${e.fullUrl} / ${e.resource.id}`);
  const pa = a.find((e) => e.resource.resourceType === 'Patient')!.fullUrl;
  const pb = b.find((e) => e.resource.resourceType === 'Patient')!.fullUrl;
  assert.notEqual(pa, pb);
  // Dispense-derived ids are stable between runs (same LSP answer, same resource ids).
  const ids = (pool: typeof a): string[] =>
    pool.filter((e) => e.resource.resourceType === 'MedicationDispense').map((e) => e.fullUrl);
  assert.deepEqual(ids(a), ids(b));
});

test('shared Medication and Organization appear once; a repeated dispense is translated once', () => {
  const d1 = dispense({ id: 'a0000000-0000-4000-8000-000000000001' });
  const d2 = dispense({ id: 'a0000000-0000-4000-8000-000000000002' });
  const pool = translateDispenseList(parseXml(message({ dispenses: [d1, d2, d1] })));
  const count = (t: string): number => pool.filter((e) => e.resource.resourceType === t).length;
  assert.equal(count('MedicationDispense'), 4);
  assert.equal(count('Medication'), 1);
  assert.equal(count('Organization'), 1);
  assert.equal(count('Patient'), 1);
  const org = pool.find((e) => e.resource.resourceType === 'Organization')!;
  assert.equal(org.fullUrl, 'urn:oid:2.16.528.1.1007.3.3.12345');
  const profiles = pool
    .filter((e) => e.resource.resourceType === 'MedicationDispense')
    .map((e) => (e.resource as fhir.MedicationDispense).category?.coding?.[0]?.code);
  assert.deepEqual(profiles, ['422037009', '422037009', '373784005', '373784005']);
});

test('units: the 902 translation wins, unknown 902 codes keep their code, UCUM stays UCUM', () => {
  assert.deepEqual(quantity({ value: 2, unit: '1', gstdUnit: { code: '245', displayName: 'Stuk' } }), {
    value: 2,
    unit: 'Stuk',
    system: 'urn:oid:2.16.840.1.113883.2.4.4.1.900.2',
    code: '245',
  });
  assert.deepEqual(quantity({ value: 2, unit: '1', gstdUnit: { code: '9999' } }), {
    value: 2,
    system: 'urn:oid:2.16.840.1.113883.2.4.4.1.900.2',
    code: '9999',
  });
  assert.deepEqual(quantity({ value: 100, unit: 'g' }), {
    value: 100,
    unit: 'gram',
    system: 'urn:oid:2.16.840.1.113883.2.4.4.1.900.2',
    code: '215',
  });
  assert.deepEqual(quantity({ value: 5, unit: 'mg' }), {
    value: 5,
    unit: 'mg',
    system: 'http://unitsofmeasure.org',
    code: 'mg',
  });
  assert.deepEqual(quantity({ value: 1, unit: 'wk' }), {
    value: 1,
    unit: 'week',
    system: 'http://unitsofmeasure.org',
    code: 'wk',
  });
});

test('resource JSON keys are in FHIR element order (the XML writer relies on it)', () => {
  const pool = translateDispenseList(parseXml(readFileSync(SYNTHETIC_GGZ_FILE, 'utf8')));
  const md = pool.find(
    (e) =>
      e.resource.resourceType === 'MedicationDispense' && JSON.stringify(e.resource).includes('-Dispense"'),
  )!;
  assert.deepEqual(Object.keys(md.resource), [
    'resourceType',
    'id',
    'meta',
    'extension',
    'identifier',
    'category',
    'medicationReference',
    'subject',
    'performer',
    'quantity',
    'daysSupply',
    '_whenHandedOver',
  ]);
  const patient = pool.find((e) => e.resource.resourceType === 'Patient')!;
  assert.deepEqual(Object.keys(patient.resource), [
    'resourceType',
    'id',
    'meta',
    'identifier',
    'name',
    'gender',
    '_gender',
    'birthDate',
  ]);
});
