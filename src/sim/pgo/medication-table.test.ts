import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as fhir from 'fhir';
import { medicationRows } from './medication-table.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bundleFile = path.resolve(
  repoRoot,
  '../shared/fixtures/fhir/stu3/mp907/bundles/searchset-MedicationDispense-612conversion.json',
);

test(
  'the 6.12 conversion searchset reads as one row per medication treatment, with the included Medication name',
  { skip: !existsSync(bundleFile) && 'needs ../shared/fixtures (absent)' },
  () => {
    const rows = medicationRows(JSON.parse(readFileSync(bundleFile, 'utf8')) as fhir.Bundle);
    assert.deepEqual(rows, [
      {
        medicine: 'PARACETAMOL PCH TABLET 500MG',
        date: '2020-02-29',
        quantity: '20 stuk',
        dosage: 'zo nodig bij pijn , maximaal 6 stuks per dag',
      },
    ]);
  },
);

test('urn:uuid references, coded medication and hand-over dates', () => {
  const bundle: fhir.Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [
      {
        fullUrl: 'urn:uuid:m1',
        resource: {
          resourceType: 'Medication',
          code: { coding: [{ display: 'Omeprazol 20mg' }] },
        },
      },
      {
        fullUrl: 'urn:uuid:d1',
        resource: {
          resourceType: 'MedicationDispense',
          medicationReference: { reference: 'urn:uuid:m1' },
          whenHandedOver: '2024-03-01',
          quantity: { value: 30, unit: 'capsule' },
          dosageInstruction: [{ text: '1x daags 1' }, { text: 'voor het ontbijt' }],
        },
      },
      {
        resource: {
          resourceType: 'MedicationDispense',
          medicationCodeableConcept: { text: 'Losse code' },
        },
      },
    ],
  };
  assert.deepEqual(medicationRows(bundle), [
    {
      medicine: 'Omeprazol 20mg',
      date: '2024-03-01',
      quantity: '30 capsule',
      dosage: '1x daags 1; voor het ontbijt',
    },
    { medicine: 'Losse code', date: '', quantity: '', dosage: '' },
  ]);
});
