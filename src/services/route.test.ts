/**
 * Which bindings a search goes to (route.ts), on the bindings of service 31: a category search only
 * to the bindings that can answer it, the 6.12 conversion's own search only to the conversion, no
 * category to all, and the FHIR token forms (`code`, `system|`, `|code`, comma = OR, repeat = AND).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MEDICATION_SEARCHES } from './medication-bindings.ts';
import { selectBindings } from './route.ts';

const SNOMED = 'http://snomed.info/sct';
const dispense = MEDICATION_SEARCHES.filter((b) => b.resourceType === 'MedicationDispense');
const request = MEDICATION_SEARCHES.filter((b) => b.resourceType === 'MedicationRequest');

function names(params: [string, string][], bindings = dispense): string[] {
  return selectBindings(bindings, params).map((b) => b.name);
}

test('no category: every binding of the type', () => {
  assert.deepEqual(names([]), ['mp612-conversion', 'mp9-ta', 'mp9-mve']);
  assert.deepEqual(names([['_include', 'MedicationRequest:medication']], request), ['mp9-ma', 'mp9-vv']);
});

test("the 6.12 conversion's own search (both categories) goes to the conversion only", () => {
  assert.deepEqual(names([['category', `${SNOMED}|373784005,${SNOMED}|422037009`]]), ['mp612-conversion']);
  assert.deepEqual(names([['category', `${SNOMED}|422037009,${SNOMED}|373784005`]]), ['mp612-conversion']);
});

test('one category: only the bindings of that building block', () => {
  assert.deepEqual(names([['category', `${SNOMED}|422037009`]]), ['mp9-ta']);
  assert.deepEqual(names([['category', `${SNOMED}|373784005`]]), ['mp9-mve']);
  assert.deepEqual(names([['category', `${SNOMED}|52711000146108`]], request), ['mp9-vv']);
});

test('token forms: a code without system, a system, comma OR, repeated AND', () => {
  assert.deepEqual(names([['category', '422037009']]), ['mp612-conversion', 'mp9-ta']);
  assert.deepEqual(names([['category', `${SNOMED}|`]]), ['mp612-conversion', 'mp9-ta', 'mp9-mve']);
  assert.deepEqual(names([['category', '|422037009']]), [], 'a code without system matches no SNOMED code');
  assert.deepEqual(names([['category', `${SNOMED}|16076005,${SNOMED}|52711000146108`]], request), [
    'mp9-ma',
    'mp9-vv',
  ]);
  assert.deepEqual(
    names([
      ['category', `${SNOMED}|422037009`],
      ['category', `${SNOMED}|373784005`],
    ]),
    ['mp612-conversion'],
    'AND: only a binding that declares both',
  );
  assert.deepEqual(names([['category', `${SNOMED}|1`]]), []);
});

test('a binding without declared categories answers every search of its type', () => {
  const open = { ...dispense[1]!, name: 'open', categories: undefined };
  assert.deepEqual(names([['category', `${SNOMED}|1`]], [...dispense, open]), ['open']);
});
