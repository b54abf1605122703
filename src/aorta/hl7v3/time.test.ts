import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTs, toTs } from './time.ts';

test('instants are written in Amsterdam time with the offset', () => {
  assert.equal(formatTs(Date.UTC(2024, 0, 15, 23, 30, 5)), '20240116003005+0100');
  assert.equal(formatTs(Date.UTC(2024, 6, 1, 10, 0, 0)), '20240701120000+0200');
});

test('query times keep their precision', () => {
  assert.equal(toTs('2024-03-01'), '20240301');
  assert.equal(toTs('2024-03'), '202403');
  assert.equal(toTs('2024-03-01T10:15'), '202403011015');
  assert.equal(toTs('2024-03-01T10:15:30+01:00'), '20240301101530+0100');
  assert.equal(toTs('2024-03-01T10:15:30Z'), '20240301101530+0000');
  assert.equal(toTs('20240301'), '20240301');
  assert.equal(toTs(new Date(Date.UTC(2024, 2, 1, 9, 0, 0))), '20240301100000+0100');
  assert.throws(() => toTs('1 maart'), /not an HL7 TS/);
  assert.throws(() => toTs({}), TypeError);
});
