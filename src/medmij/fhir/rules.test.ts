import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as fhir from 'fhir';
import { checkMedMijRules } from './rules.ts';
import { parseQuery } from './query.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const bundles = path.join(path.resolve(repoRoot, '../shared'), 'fixtures/fhir/stu3/mp907/bundles');
const have = fs.existsSync(bundles);

test(
  'the example searchset Bundles pass every rule',
  { skip: have ? false : `no fixtures at ${bundles}` },
  () => {
    const files = fs.readdirSync(bundles).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, 7);
    for (const f of files) {
      const b = JSON.parse(fs.readFileSync(path.join(bundles, f), 'utf8')) as fhir.Bundle;
      const self = b.link!.find((l) => l.relation === 'self')!.url;
      const params = parseQuery(self) ?? [];
      assert.deepEqual(checkMedMijRules(b, params), [], f);
    }
  },
);

test('each rule reports its violation', () => {
  const bad = {
    resourceType: 'Bundle',
    type: 'collection',
    total: 3,
    link: [
      {
        relation: 'next',
        url: 'https://x/fhir/MedicationDispense?patient=http://fhir.nl/fhir/NamingSystem/bsn|999911715',
      },
    ],
    entry: [
      {
        fullUrl: 'urn:uuid:not-a-uuid',
        resource: { resourceType: 'Patient', meta: {} },
        search: { mode: 'match' },
      },
      {
        fullUrl: 'ftp://x/Patient/p2',
        resource: {
          resourceType: 'Patient',
          id: 'p1',
          meta: { profile: ['http://fhir.nl/fhir/StructureDefinition/nl-core-patient'] },
          identifier: [
            { system: 'http://fhir.nl/fhir/NamingSystem/bsn', value: '999911715' },
            { value: 'x' },
          ],
          maritalStatus: {
            coding: [{ system: 'urn:oid:2.16.840.1.113883.2.4.3.11.60.40.2.7.1.1', code: 'M' }],
          },
          generalPractitioner: [{ reference: 'Practitioner/1' }],
          communication: [{ language: { coding: [{ code: 'nl' }], text: 'Nederlands' } }],
        },
      },
      { resource: { resourceType: 'OperationOutcome', issue: [] }, search: { mode: 'outcome' } },
    ],
  } as unknown as fhir.Bundle;
  const v = checkMedMijRules(bad, [['category', 'x|y']]);
  const rules = new Set(v.map((m) => m.split(':')[0]));
  for (const r of ['2', '3', '4', '5', '7', '8', '9', '10', '11', '13'])
    assert.ok(rules.has(r), `rule ${r} in ${v.join('\n')}`);
  assert.ok(v.some((m) => m.startsWith('13: no self link')));
  assert.ok(v.some((m) => m.includes('zib value-set OID')));
  assert.ok(!rules.has('12'), 'a paged Bundle is exempt from rule 12');
  const unpaged = {
    ...bad,
    link: [{ relation: 'self', url: 'https://x/fhir/MedicationDispense' }],
  } as fhir.Bundle;
  assert.ok(checkMedMijRules(unpaged).some((m) => m.startsWith('12:')));
  const lacks = checkMedMijRules(unpaged, [['category', 'x|y']]);
  assert.ok(lacks.includes('14: self link lacks request parameter category=x|y'), lacks.join('\n'));
});

test('a masked BSN passes rule 11 and 10', () => {
  const b = {
    resourceType: 'Bundle',
    type: 'searchset',
    total: 0,
    link: [{ relation: 'self', url: 'https://x/fhir/Patient' }],
    entry: [
      {
        fullUrl: 'https://x/fhir/Patient/p1',
        resource: {
          resourceType: 'Patient',
          id: 'p1',
          meta: { profile: ['http://fhir.nl/fhir/StructureDefinition/nl-core-patient'] },
          identifier: [
            {
              system: 'http://fhir.nl/fhir/NamingSystem/bsn',
              _value: {
                extension: [
                  { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' },
                ],
              },
            },
          ],
        },
        search: { mode: 'include' },
      },
    ],
  } as unknown as fhir.Bundle;
  assert.deepEqual(checkMedMijRules(b), []);
});
