import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FhirError } from './outcome.ts';
import { negotiate } from './format.ts';
import { encodeQuery, parseQuery } from './query.ts';

test('_format wins over Accept and knows every FHIR spelling', () => {
  const cases: [string, 'json' | 'xml'][] = [
    ['json', 'json'],
    ['xml', 'xml'],
    ['application/fhir+json', 'json'],
    ['application/fhir+xml', 'xml'],
    ['application/json', 'json'],
    ['application/xml', 'xml'],
    ['text/xml', 'xml'],
    ['application/json+fhir', 'json'],
    ['application/xml+fhir', 'xml'],
    ['application/fhir xml', 'xml'],
  ];
  for (const [f, want] of cases) assert.equal(negotiate(f, 'application/fhir+json'), want, f);
});

test('Accept with q-values; */* and no header mean JSON', () => {
  assert.equal(negotiate(undefined, undefined), 'json');
  assert.equal(negotiate(undefined, '*/*'), 'json');
  assert.equal(negotiate(undefined, 'application/fhir+xml'), 'xml');
  assert.equal(negotiate(undefined, 'application/xml+fhir'), 'xml');
  assert.equal(negotiate(undefined, 'application/fhir+json;q=0.5, application/fhir+xml'), 'xml');
  assert.equal(negotiate(undefined, 'application/fhir+xml;q=0.2, */*;q=0.1'), 'xml');
  assert.equal(negotiate(undefined, 'text/html, */*;q=0.8'), 'json');
  assert.equal(negotiate(undefined, 'application/xml, application/json'), 'xml');
  assert.equal(negotiate(undefined, '*/*, application/fhir+json;q=0'), 'xml');
});

test('406 when neither format is acceptable', () => {
  for (const [f, a] of [
    [undefined, 'text/html'],
    [undefined, 'application/fhir+json;q=0, application/fhir+xml;q=0'],
    ['html', undefined],
  ] as [string | undefined, string | undefined][]) {
    assert.throws(
      () => negotiate(f, a),
      (e: unknown) => e instanceof FhirError && e.status === 406,
    );
  }
});

test('query parsing keeps order and repeats, and encodeQuery round-trips', () => {
  const q =
    'category=http://snomed.info/sct%7C373784005,http://snomed.info/sct|422037009&_include=A:b&_include=A:c&periodofuse=ge2026-12-03T10:00:00%2B01:00&x';
  const pairs = parseQuery(q)!;
  assert.deepEqual(pairs, [
    ['category', 'http://snomed.info/sct|373784005,http://snomed.info/sct|422037009'],
    ['_include', 'A:b'],
    ['_include', 'A:c'],
    ['periodofuse', 'ge2026-12-03T10:00:00+01:00'],
    ['x', ''],
  ]);
  assert.deepEqual(parseQuery(encodeQuery(pairs)), pairs);
  assert.ok(encodeQuery(pairs).startsWith('category=http://snomed.info/sct|373784005,'));
  assert.equal(parseQuery('a=%zz'), undefined);
  assert.deepEqual(parseQuery('a=b+c'), [['a', 'b c']]);
});
