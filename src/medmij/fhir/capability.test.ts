import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCapabilityStatement, describeSearchTable } from './capability.ts';
import { MEDICATION_DISPENSE } from './medication-dispense.params.ts';
import { toFhirXml } from './xml-writer.ts';

test('CapabilityStatement: STU3 3.0.2, json+xml, search-type with the table parameters, in definition order', () => {
  const cs = buildCapabilityStatement({
    name: 'Brug',
    date: '2026-12-01',
    software: { name: 'Brug', version: '0.1.0' },
    implementationUrl: 'https://brug.example.nl/fhir/ggzdemo/31/stu3',
    resources: [
      {
        type: 'MedicationDispense',
        profile: 'http://nictiz.nl/fhir/StructureDefinition/mp612-DispenseToFHIRConversion-Dispense',
        ...describeSearchTable(MEDICATION_DISPENSE),
      },
    ],
  });
  assert.deepEqual(Object.keys(cs), [
    'resourceType',
    'name',
    'status',
    'date',
    'kind',
    'software',
    'implementation',
    'fhirVersion',
    'acceptUnknown',
    'format',
    'rest',
  ]);
  assert.equal(cs.fhirVersion, '3.0.2');
  assert.deepEqual(cs.format, ['xml', 'json']);
  const res = cs.rest![0]!.resource![0]!;
  assert.deepEqual(Object.keys(res), ['type', 'profile', 'interaction', 'searchInclude', 'searchParam']);
  assert.deepEqual(res.interaction, [{ code: 'search-type' }]);
  const byName = Object.fromEntries(res.searchParam!.map((p) => [p.name, p.type]));
  assert.equal(byName['requestdate'], 'date');
  assert.equal(byName['category'], 'token');
  assert.equal(byName['medication.code'], 'reference');
  assert.ok(
    toFhirXml(cs).includes(
      '<fhirVersion value="3.0.2"/><acceptUnknown value="no"/><format value="xml"/><format value="json"/>',
    ),
  );
});
