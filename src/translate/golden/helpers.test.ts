import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXml } from '../../xml/index.ts';
import { fromJson, fromXml } from './canonical.ts';
import { compareBundles } from './compare.ts';
import { review } from './differences.ts';
import { amsterdamToday, resolvePlaceholders } from './placeholders.ts';

test('T-date placeholders resolve to dates, with the Amsterdam offset of the resolved day', () => {
  assert.equal(
    resolvePlaceholders('<a value="${DATE, T, D, -100}"/>', '2026-12-03'),
    '<a value="2026-08-25"/>',
  );
  assert.equal(
    resolvePlaceholders('${DATE, T, D, +9}T23:59:59+02:00', '2026-12-03'),
    '2026-12-12T23:59:59+01:00',
  );
  assert.equal(
    resolvePlaceholders('${DATE, T, D, +0}T23:59:59+02:00', '2026-07-01'),
    '2026-07-01T23:59:59+02:00',
  );
  assert.equal(amsterdamToday(new Date('2026-12-03T23:30:00Z')), '2026-12-04');
});

const XML = `<Bundle xmlns="http://hl7.org/fhir"><type value="searchset"/><total value="1"/>
<entry><fullUrl value="urn:uuid:11111111-0000-0000-0000-000000000000"/><resource><Patient>
<meta><profile value="p"/></meta><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml">x</div></text>
<name><text value="A B"/><given value="A"><extension url="q"><valueCode value="BR"/></extension></given></name><gender value="female"/></Patient></resource></entry></Bundle>`;

function json(given: string, order: 'ok' | 'swapped' = 'ok'): Record<string, unknown> {
  const patient: Record<string, unknown> =
    order === 'ok'
      ? {
          resourceType: 'Patient',
          id: 'x',
          meta: { profile: ['p'] },
          name: [{ text: 'A B', given: [given], _given: [{ extension: [{ url: 'q', valueCode: 'BR' }] }] }],
          gender: 'female',
        }
      : {
          resourceType: 'Patient',
          id: 'x',
          meta: { profile: ['p'] },
          gender: 'female',
          name: [{ text: 'A B', given: [given], _given: [{ extension: [{ url: 'q', valueCode: 'BR' }] }] }],
        };
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: 1,
    entry: [{ fullUrl: 'urn:uuid:x', resource: patient }],
  };
}

test('XML and JSON of the same Bundle compare equal (generated uuids, ids and narrative ignored)', () => {
  const r = compareBundles(fromXml(parseXml(XML)), fromJson('Bundle', json('A')));
  assert.deepEqual(r.differences, []);
  assert.ok(r.fields >= 8);
});

test('a changed value and a wrong element order are reported with both values', () => {
  const changed = compareBundles(fromXml(parseXml(XML)), fromJson('Bundle', json('Z')));
  assert.deepEqual(changed.differences, [
    { path: 'entry[Patient].resource[0].Patient[0].name[0].given[0]', expected: 'A', actual: 'Z' },
  ]);
  const swapped = compareBundles(fromXml(parseXml(XML)), fromJson('Bundle', json('A', 'swapped')));
  assert.equal(swapped.differences.length, 1);
  assert.match(swapped.differences[0]!.path, /#order$/);
});

test('review: unlisted differences are unexpected, listed ones that no longer occur are stale', () => {
  const diff = { path: 'entry[TA:x].a[0].text[0]', expected: 'a', actual: 'b' };
  assert.deepEqual(review([diff], [{ path: 'entry[TA:*].a[0].text[0]', reason: 'r' }]), {
    unexpected: [],
    stale: [],
  });
  assert.deepEqual(review([diff], []).unexpected, [diff]);
  assert.equal(review([], [{ path: 'entry[TA:x]**', reason: 'r' }]).stale.length, 1);
});
