import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BSN_MASK, scrubBsn } from './scrub.ts';

test('BSN identifiers are masked and the token BSN is replaced in text; the input is untouched', () => {
  const input = {
    resourceType: 'Patient',
    id: 'p1',
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Id 999911715 (BSN)</div>' },
    identifier: [
      { system: 'http://fhir.nl/fhir/NamingSystem/bsn', value: '123456782' },
      { system: 'http://fhir.nl/fhir/NamingSystem/ura', value: '01234567' },
    ],
  };
  const { resource, changes } = scrubBsn(input, '999911715');
  assert.equal(changes, 2);
  assert.equal(resource.text.div, `<div xmlns="http://www.w3.org/1999/xhtml">Id ${BSN_MASK} (BSN)</div>`);
  assert.deepEqual(resource.identifier[0], {
    system: 'http://fhir.nl/fhir/NamingSystem/bsn',
    _value: {
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' }],
    },
  });
  assert.deepEqual(resource.identifier[1], input.identifier[1]);
  assert.equal(input.identifier[0]!.value, '123456782', 'input not modified');
  assert.equal(scrubBsn({ a: 'nothing here' }, '999911715').changes, 0);
});
